import CRankdShim
// The HTTP layer; arrives with its issue.
