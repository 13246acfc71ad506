import Testing
@testable import OnnxRuntime
