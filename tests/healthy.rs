//! Healthy logs: lines in documented formats that hold no authentication error. `scan` counts
//! nothing in them, and `explain -` finds no error on any one of them (it may name a success
//! code as a success) and exits 1.
//!
//! Each format below names the document that defines it. The values that vary (addresses,
//! times, ids, sizes, paths) come from a small deterministic generator, so a failure names a
//! line that can be made again. Numbers that only look like codes (an order 1902, port 400, a
//! count of 12500002) are planted on purpose: a number is not an error.

mod common;

use common::autherr;

/// A deterministic generator (xorshift): the same lines on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn ip(&mut self) -> String {
        format!(
            "{}.{}.{}.{}",
            10 + self.below(200),
            self.below(256),
            self.below(256),
            1 + self.below(254)
        )
    }
    fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from_digit(self.below(16) as u32, 16).unwrap())
            .collect()
    }
    fn uuid(&mut self) -> String {
        format!(
            "{}-{}-{}-{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(4),
            self.hex(4),
            self.hex(12)
        )
    }
}

/// Numbers that a code table also holds, in places where they are not codes.
const LOOKALIKES: &[&str] = &[
    "1902", "400", "401", "403", "500", "12500002", "49", "24", "0", "1", "775", "50126", "2011",
];

const PATHS: &[&str] = &[
    "/",
    "/api/orders/1902",
    "/static/app.401.js",
    "/health",
    "/login",
    "/oauth2/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz",
    "/api/v1/users?page=403",
    "/assets/logo.png",
];

const AGENTS: &[&str] = &[
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "curl/8.5.0",
    "kube-probe/1.31",
    "Go-http-client/1.1",
];

/// One healthy line of template `kind`.
fn line(kind: usize, r: &mut Rng) -> String {
    let n = r.pick(LOOKALIKES);
    let ip = r.ip();
    let sec = r.below(60);
    match kind {
        // nginx "combined" log format (nginx documentation, ngx_http_log_module, log_format).
        0 => format!(
            "{ip} - - [06/Dec/2026:10:{:02}:{sec:02} +0000] \"{} {} HTTP/1.1\" {} {} \"-\" \"{}\"",
            r.below(60),
            r.pick(&["GET", "POST", "HEAD"]),
            r.pick(PATHS),
            r.pick(&["200", "201", "204", "301", "302", "304"]),
            r.below(90_000),
            r.pick(AGENTS)
        ),
        // Apache HTTP Server Common Log Format (Apache documentation, "Log Files").
        1 => format!(
            "{ip} - frank [06/Dec/2026:10:00:{sec:02} -0700] \"GET {} HTTP/1.0\" {} {}",
            r.pick(PATHS),
            r.pick(&["200", "304", "302"]),
            r.below(5000)
        ),
        // Heroku router log (Heroku Dev Center, "HTTP Routing": router log format).
        2 => format!(
            "2026-12-06T10:00:{sec:02}.000000+00:00 heroku[router]: at=info method=GET path=\"{}\" host=app.herokuapp.com request_id={} fwd=\"{ip}\" dyno=web.1 connect=0ms service={}ms status={} bytes={} protocol=https",
            r.pick(PATHS),
            r.uuid(),
            r.below(300),
            r.pick(&["200", "200", "304", "301"]),
            r.below(9000)
        ),
        // Go log/slog text handler (pkg.go.dev log/slog, TextHandler): logfmt.
        3 => format!(
            "time=2026-12-06T10:00:{sec:02}.000Z level=INFO msg=\"request handled\" method=GET path={} status={} duration={}ms order={n}",
            r.pick(PATHS),
            r.pick(&["200", "204", "302"]),
            r.below(900)
        ),
        // JSON logs (log/slog JSONHandler; pino; structured logs with code and status).
        4 => format!(
            "{{\"time\":\"2026-12-06T10:00:{sec:02}Z\",\"level\":\"INFO\",\"msg\":\"ok\",\"status\":{},\"code\":0,\"error\":null,\"order\":{n}}}",
            r.pick(&["200", "201", "204"])
        ),
        5 => format!(
            "{{\"success\":true,\"code\":{},\"message\":\"OK\",\"data\":{{\"count\":{n}}}}}",
            r.pick(&["0", "200"])
        ),
        6 => format!(
            "{{\"error\":null,\"code\":200,\"requestId\":\"{}\"}}",
            r.uuid()
        ),
        // OpenSSH sshd and Linux-PAM via syslog (sshd(8), pam_unix(8)).
        7 => format!(
            "Dec  6 10:00:{sec:02} web-1 sshd[{}]: Accepted publickey for deploy from {ip} port {} ssh2: ED25519 SHA256:{}",
            r.below(90_000),
            1024 + r.below(60_000),
            r.hex(43)
        ),
        8 => format!(
            "Dec  6 10:00:{sec:02} web-1 sshd[{}]: pam_unix(sshd:session): session opened for user deploy(uid=1000) by (uid=0)",
            r.below(90_000)
        ),
        // MIT krb5kdc log (MIT Kerberos documentation, "krb5kdc" logging): a ticket issued.
        9 => format!(
            "Dec 06 10:00:{sec:02} kdc.example.com krb5kdc[812](info): AS_REQ (8 etypes {{aes256-cts-hmac-sha1-96(18), aes128-cts-hmac-sha1-96(17)}}) {ip}: ISSUE: authtime 1733479{:03}, etypes {{rep=aes256-cts-hmac-sha1-96(18), tkt=aes256-cts-hmac-sha1-96(18), ses=aes256-cts-hmac-sha1-96(18)}}, alice@EXAMPLE.COM for krbtgt/EXAMPLE.COM@EXAMPLE.COM",
            r.below(1000)
        ),
        // Keycloak event logging (Keycloak Server Administration Guide, "Auditing and events").
        10 => format!(
            "2026-12-06 10:00:{sec:02},123 DEBUG [org.keycloak.events] (executor-thread-{}) type={}, realmId={}, clientId=account, userId={}, ipAddress={ip}, auth_method=openid-connect, redirect_uri=https://app.example.com/, code_id={}, username=alice",
            r.below(9),
            r.pick(&["LOGIN", "CODE_TO_TOKEN", "REFRESH_TOKEN", "LOGOUT"]),
            r.uuid(),
            r.uuid(),
            r.uuid()
        ),
        // Auth0 tenant log events of success types (Auth0 Docs, "Log Event Type Codes").
        11 => format!(
            "{{\"date\":\"2026-12-06T10:00:{sec:02}.000Z\",\"type\":\"{}\",\"description\":\"\",\"client_id\":\"{}\",\"client_name\":\"My App\",\"ip\":\"{ip}\",\"user_id\":\"auth0|{}\",\"log_id\":\"{}\"}}",
            r.pick(&["s", "sapi", "seacft", "scoa", "sens", "ss", "slo"]),
            r.hex(32),
            r.hex(24),
            r.hex(56)
        ),
        // Okta System Log events with a SUCCESS outcome (Okta Developer, System Log API).
        12 => format!(
            "{{\"eventType\":\"{}\",\"displayMessage\":\"User login to Okta\",\"outcome\":{{\"result\":\"SUCCESS\",\"reason\":null}},\"severity\":\"INFO\",\"uuid\":\"{}\"}}",
            r.pick(&[
                "user.session.start",
                "user.authentication.sso",
                "user.authentication.verify"
            ]),
            r.uuid()
        ),
        // A SAML response whose status is Success (OASIS SAML V2.0 Core, 3.2.2.2).
        13 => format!(
            "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status> <!-- response {} -->",
            r.hex(16)
        ),
        // OpenLDAP slapd stats log (slapd.conf(5), loglevel stats): result 0.
        14 => format!(
            "Dec  6 10:00:{sec:02} ldap1 slapd[{}]: conn={} op={} RESULT tag=97 err=0 qtime=0.000010 etime=0.000{} text=",
            r.below(9000),
            1000 + r.below(9000),
            r.below(9),
            r.below(999)
        ),
        15 => format!("ldap_bind: Success (0)  # bind as cn=admin,dc=example,dc=com took {n} ms"),
        // Kubernetes events (kubectl get events / describe).
        16 => format!(
            "{}s   Normal   {}   pod/web-{}   {}",
            r.below(600),
            r.pick(&["Scheduled", "Pulled", "Created", "Started"]),
            r.hex(5),
            r.pick(&[
                "Successfully assigned default/web to node-2",
                "Container image \"nginx:1.27\" already present on machine",
                "Started container web",
            ])
        ),
        // CI output (GitHub Actions runner; make).
        17 => r
            .pick(&[
                "Process completed with exit code 0.",
                "##[error]Process completed with exit code 1.",
                "make: *** [Makefile:24: test] Error 2",
                "Finished `release` profile [optimized] target(s) in 1m 15s",
                "test result: ok. 401 passed; 0 failed; 0 ignored",
            ])
            .to_string(),
        // PostgreSQL server log (PostgreSQL documentation, log_connections; checkpoints).
        18 => format!(
            "2026-12-06 10:00:{sec:02}.123 UTC [{}] LOG:  {}",
            r.below(90_000),
            r.pick(&[
                "connection authorized: user=app database=app application_name=psql",
                "checkpoint complete: wrote 1902 buffers (11.6%); 0 WAL file(s) added",
                "database system is ready to accept connections",
            ])
        ),
        // Prose with numbers that are not codes.
        _ => format!(
            "INFO order {n} shipped to {ip}; listening on port {}; processed a count of {} events",
            r.pick(&["400", "8080", "443"]),
            r.pick(&["12500002", "1902", "49"])
        ),
    }
}

const KINDS: usize = 20;

fn healthy_log(lines: usize) -> String {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = String::with_capacity(lines * 160);
    for i in 0..lines {
        out.push_str(&line(i % KINDS, &mut r));
        out.push('\n');
    }
    out
}

#[test]
fn scan_counts_nothing_in_100_000_healthy_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("healthy.log");
    std::fs::write(&path, healthy_log(100_000)).unwrap();
    let out = autherr()
        .args(["scan", "--format", "jsonl", "--each"])
        .arg(&path)
        .output()
        .unwrap();
    let findings = String::from_utf8_lossy(&out.stdout);
    let sample: Vec<&str> = findings.lines().take(10).collect();
    assert!(
        findings.is_empty(),
        "scan found {} lines with findings in a healthy log; first: {sample:#?}",
        findings.lines().count()
    );
    assert_eq!(out.status.code(), Some(1), "no finding exits 1");
}

#[test]
fn explain_finds_nothing_on_any_healthy_line() {
    // Each template with several draws of its variable parts, one `explain -` per line.
    let mut r = Rng(0x2545_F491_4F6C_DD1D);
    let mut wrong = Vec::new();
    for kind in 0..KINDS {
        for _ in 0..3 {
            let text = line(kind, &mut r);
            let out = autherr()
                .args(["explain", "-", "--format", "jsonl"])
                .write_stdin(text.clone())
                .output()
                .unwrap();
            // A success code may be named, as a success; nothing else may be found.
            let errors: Vec<String> = String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
                .filter(|v| v["success"] != true)
                .map(|v| format!("{} {} {}", v["vendor"], v["table"], v["code"]))
                .collect();
            if !errors.is_empty() || out.status.code() != Some(1) {
                wrong.push(format!(
                    "{text}\n  -> [{}], exit {:?}",
                    errors.join(", "),
                    out.status.code()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} healthy lines gave findings:\n{}",
        wrong.len(),
        KINDS * 3,
        wrong.join("\n")
    );
}
