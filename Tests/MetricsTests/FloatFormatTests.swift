import Testing
@testable import Metrics

@Suite struct FloatFormatTests {
    // Expected spellings are those of Go's strconv.FormatFloat(v, 'g', -1, 64), which
    // client_golang uses for `le`; exponent when < -4 or >= 6, at least two exponent digits.
    @Test(arguments: [
        (0.005, "0.005"), (2.5e-05, "2.5e-05"), (1, "1"), (0.0001, "0.0001"), (0.00001, "1e-05"),
        (1.5, "1.5"), (100, "100"), (123456, "123456"), (1e6, "1e+06"), (1234567, "1.234567e+06"),
        (1e21, "1e+21"), (1e100, "1e+100"), (0.1 + 0.2, "0.30000000000000004"), (Double.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (-0.5, "-0.5"), (0, "0"), (-0.0, "0"),
        (0.25, "0.25"), (10.5, "10.5"), (999999, "999999"), (1.0e-4, "0.0001"), (0.00012, "0.00012"),
        (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"),
    ] as [(Double, String)])
    func goShortestMatchesGo(value: Double, expected: String) {
        #expect(PrometheusFloat.goShortest(value) == expected)
    }

    @Test(arguments: [
        (1234567, "1234567"), (2.5, "2.5"), (-3, "-3"), (0, "0"), (9_007_199_254_740_991, "9007199254740991"),
        (1e20, "1e+20"), (0.001, "0.001"), (Double.nan, "NaN"), (Double.infinity, "+Inf"),
    ] as [(Double, String)])
    func sampleValuesWriteWholeNumbersPlainly(value: Double, expected: String) {
        #expect(PrometheusFloat.sampleValue(value) == expected)
    }

    @Test func everySpellingParsesBackToTheSameDouble() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            #expect(Double(PrometheusFloat.goShortest(value)) == value)
            #expect(Double(PrometheusFloat.sampleValue(value)) == value)
        }
    }
}
