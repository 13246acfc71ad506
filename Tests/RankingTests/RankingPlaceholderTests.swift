import Testing
@testable import Ranking
