// The Metrics layer; see its issue.
