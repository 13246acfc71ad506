import Testing
@testable import Parquet
