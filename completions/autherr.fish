complete --keep-order --exclusive --command autherr --arguments "(COMPLETE=fish autherr -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
