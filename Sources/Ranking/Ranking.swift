// The Ranking layer; see its issue.
