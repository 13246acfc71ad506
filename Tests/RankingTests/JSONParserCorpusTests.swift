import Testing
@testable import Ranking

/// A JSONTestSuite-style corpus: `y_` documents must parse, `n_` documents must be refused
/// with a reason naming the rule they break.
struct JSONCorpusCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    /// For `n_` cases: a fragment the error's reason must contain.
    let reason: String

    init(_ name: String, _ text: String, _ reason: String = "") {
        self.name = name
        self.bytes = Array(text.utf8)
        self.reason = reason
    }

    init(_ name: String, bytes: [UInt8], _ reason: String = "") {
        self.name = name
        self.bytes = bytes
        self.reason = reason
    }

    var testDescription: String { name }
}

private func quoted(_ inner: [UInt8]) -> [UInt8] { [0x22] + inner + [0x22] }

let acceptedCorpus: [JSONCorpusCase] = [
    .init("y_array_empty", "[]"),
    .init("y_object_empty", "{}"),
    .init("y_array_nested_empty", "[[]]"),
    .init("y_whitespace_all_four", "\t\n\r [ 1 ,\n2\t]\r\n "),
    .init("y_number_zero", "0"),
    .init("y_number_minus_zero", "-0"),
    .init("y_number_capital_e_plus", "1E+2"),
    .init("y_number_e_minus", "1e-2"),
    .init("y_number_capital_e", "1E2"),
    .init("y_number_negative_fraction_exp", "-1.5e10"),
    .init("y_number_fraction", "0.5"),
    .init("y_number_int64_min", "-9223372036854775808"),
    .init("y_number_int64_max", "9223372036854775807"),
    .init("y_number_beyond_int64", "9223372036854775808"),
    .init("y_number_huge_exponent", "1e400"),
    .init("y_number_tiny", "123e-10000"),
    .init("y_number_exponent_leading_zero", "1e06"),
    .init("y_number_zero_exp_zero", "0E-0"),
    .init("y_number_long_fraction", "0.10000000000000000555111512312578270211815834045410156250001"),
    .init("y_number_20_digits", "[12345678901234567890]"),
    .init("y_string_empty", "\"\""),
    .init("y_string_ascii", "\"abc\""),
    .init("y_string_surrogate_pair", "\"\\uD834\\uDD1E\""),
    .init("y_string_escaped_nul", "\"\\u0000\""),
    .init("y_string_escaped_quote", "\"\\\"\""),
    .init("y_string_all_short_escapes", "\"\\\\\\/\\b\\f\\n\\r\\t\""),
    .init("y_string_u_escape_latin1", "\"\\u00e9\""),
    .init("y_string_u_escape_upper_hex", "\"\\u00E9\""),
    .init("y_string_raw_2_byte", "\"é\""),
    .init("y_string_raw_3_byte", "\"€\""),
    .init("y_string_raw_4_byte", "\"𝄞\""),
    .init("y_string_raw_u2028", "\"\u{2028}\u{2029}\""),
    .init("y_string_noncharacter", "\"\\uFFFF\""),
    .init("y_string_max_scalar_escaped", "\"\\uDBFF\\uDFFF\""),
    .init("y_string_max_scalar_raw", bytes: quoted([0xF4, 0x8F, 0xBF, 0xBF])),
    .init("y_string_del_raw", bytes: quoted([0x7F])),
    .init("y_string_escape_after_8_plain", "\"abcdefghijklmnop\\nqrstuvwxyz\""),
    .init("y_string_unicode_after_8_plain", "\"abcdefghé ijklmnopqrstuvwxyz€\""),
    .init("y_string_with_brackets", "[\"]\",\"}\"]"),
    .init("y_literal_true", "true"),
    .init("y_literal_false", "false"),
    .init("y_literal_null", "null"),
    .init("y_array_of_literals", "[true,false,null]"),
    .init("y_object_duplicate_keys", "{\"a\":1,\"a\":2}"),
    .init("y_object_empty_key", "{\"\":0}"),
    .init("y_object_nested", "{\"a\":{\"b\":[1,{\"c\":null}]}}"),
    .init("y_object_whitespace_around_colon", "{ \"a\" \t:\n 1 }"),
    .init("y_array_heterogeneous", "[1, \"a\", {}, [], -2.5, true]"),
    .init("y_depth_64", String(repeating: "[", count: 64) + String(repeating: "]", count: 64)),
    .init("y_trailing_newline", "[1]\n"),
]

let rejectedCorpus: [JSONCorpusCase] = [
    .init("n_empty", "", "empty input"),
    .init("n_only_whitespace", " \n", "only whitespace"),
    .init("n_leading_zero", "01", "leading zeros"),
    .init("n_negative_leading_zero", "-01", "leading zeros"),
    .init("n_leading_zeros_in_array", "[00]", "leading zeros"),
    .init("n_plus_sign", "+1", "'+'"),
    .init("n_leading_dot", ".5", "before '.'"),
    .init("n_trailing_dot", "1.", "digit after '.'"),
    .init("n_dot_then_exponent", "1.e1", "digit after '.'"),
    .init("n_exponent_without_digits", "1e", "exponent"),
    .init("n_exponent_sign_without_digits", "1e+", "exponent"),
    .init("n_exponent_in_array", "[1e]", "exponent"),
    .init("n_minus_alone", "-", "digit after '-'"),
    .init("n_minus_letter", "-a", "digit after '-'"),
    .init("n_minus_space", "- 1", "digit after '-'"),
    .init("n_double_minus", "--1", "digit after '-'"),
    .init("n_minus_dot", "-.5", "digit after '-'"),
    .init("n_nan", "NaN", "NaN and Infinity"),
    .init("n_infinity", "Infinity", "NaN and Infinity"),
    .init("n_negative_infinity", "-Infinity", "digit after '-'"),
    .init("n_nan_in_array", "[NaN]", "NaN and Infinity"),
    .init("n_inf_short", "[Inf]", "NaN and Infinity"),
    .init("n_hex_number", "0x1", "after the top-level value"),
    .init("n_underscore_number", "1_000", "after the top-level value"),
    .init("n_fractional_exponent", "1e1.5", "after the top-level value"),
    .init("n_array_leading_dot", "[.1]", "before '.'"),
    .init("n_array_trailing_comma", "[1,]", "trailing comma"),
    .init("n_object_trailing_comma", "{\"a\":1,}", "trailing comma"),
    .init("n_array_leading_comma", "[,1]", "expected a value"),
    .init("n_array_double_comma", "[1,,2]", "expected a value"),
    .init("n_object_only_comma", "{,}", "member name"),
    .init("n_array_missing_comma", "[1 2]", "expected ',' or ']' in array"),
    .init("n_object_missing_comma", "{\"a\":1 \"b\":2}", "expected ',' or '}' in object"),
    .init("n_object_missing_colon", "{\"a\" 1}", "expected ':'"),
    .init("n_object_equals", "{\"a\"=1}", "expected ':'"),
    .init("n_object_unquoted_key", "{a:1}", "member name"),
    .init("n_object_number_key", "{1:1}", "member name"),
    .init("n_object_single_quoted_key", "{'a':1}", "single quotes"),
    .init("n_array_single_quoted_string", "['a']", "single quotes"),
    .init("n_comment_block_before", "/* c */ 1", "comments"),
    .init("n_comment_line_after", "[1] // c", "after the top-level value"),
    .init("n_comment_inside_array", "[1, /*x*/ 2]", "comments"),
    .init("n_trailing_garbage", "[1]x", "after the top-level value"),
    .init("n_two_values", "1 2", "after the top-level value"),
    .init("n_extra_close_brace", "{}}", "after the top-level value"),
    .init("n_extra_close_bracket", "[]]", "after the top-level value"),
    .init("n_two_objects", "{\"a\":1}{}", "after the top-level value"),
    .init("n_trailing_nul", "[1]\u{0}", "after the top-level value"),
    .init("n_unterminated_string", "\"abc", "unterminated string"),
    .init("n_unterminated_string_in_array", "[\"abc]", "unterminated string"),
    .init("n_unterminated_escape", "\"\\", "unterminated string"),
    .init("n_short_u_escape", "\"\\u12\"", "4 hex digits"),
    .init("n_u_escape_at_end", "\"\\u12", "unterminated \\u escape"),
    .init("n_u_escape_bad_hex", "\"\\u00G0\"", "4 hex digits"),
    .init("n_control_char_soh", bytes: quoted([0x61, 0x01, 0x62]), "control character 0x01"),
    .init("n_control_char_raw_tab", bytes: quoted([0x09]), "control character 0x09"),
    .init("n_control_char_raw_newline", bytes: quoted([0x0A]), "control character 0x0A"),
    .init("n_control_char_0x1f", bytes: quoted([0x1F]), "control character 0x1F"),
    .init("n_control_char_after_escape", bytes: quoted([0x5C, 0x6E, 0x00]), "control character 0x00"),
    .init("n_escape_x", "\"\\x41\"", "invalid escape"),
    .init("n_escape_a", "\"\\a\"", "invalid escape"),
    .init("n_escape_single_quote", "\"\\'\"", "invalid escape"),
    .init("n_escape_capital_u", "\"\\U0041\"", "invalid escape"),
    .init("n_escape_space", "\"\\ \"", "invalid escape"),
    .init("n_lone_high_surrogate", "\"\\uD800\"", "not followed by a low surrogate"),
    .init("n_high_surrogate_then_char", "\"\\uD800x\"", "not followed by a low surrogate"),
    .init("n_high_surrogate_then_bmp", "\"\\uD800\\u0041\"", "not a low surrogate"),
    .init("n_two_high_surrogates", "\"\\uD800\\uD800\"", "not a low surrogate"),
    .init("n_lone_low_surrogate", "\"\\uDC00\"", "low surrogate"),
    .init("n_reversed_surrogates", "\"\\uDD1E\\uD834\"", "without a preceding high surrogate"),
    .init("n_utf8_overlong_c0", bytes: quoted([0xC0, 0x80]), "overlong"),
    .init("n_utf8_overlong_c1", bytes: quoted([0xC1, 0xBF]), "overlong"),
    .init("n_utf8_overlong_3_byte", bytes: quoted([0xE0, 0x80, 0x80]), "overlong"),
    .init("n_utf8_overlong_4_byte", bytes: quoted([0xF0, 0x80, 0x80, 0x80]), "overlong"),
    .init("n_utf8_surrogate", bytes: quoted([0xED, 0xA0, 0x80]), "surrogate"),
    .init("n_utf8_low_surrogate", bytes: quoted([0xED, 0xBF, 0xBF]), "surrogate"),
    .init("n_utf8_beyond_max", bytes: quoted([0xF4, 0x90, 0x80, 0x80]), "beyond U+10FFFF"),
    .init("n_utf8_lead_f5", bytes: quoted([0xF5, 0x80, 0x80, 0x80]), "never appears"),
    .init("n_utf8_ff", bytes: quoted([0xFF]), "never appears"),
    .init("n_utf8_fe", bytes: quoted([0xFE]), "never appears"),
    .init("n_utf8_lone_continuation", bytes: quoted([0x80]), "continuation"),
    .init("n_utf8_truncated_before_quote", bytes: quoted([0xE2, 0x82]), "truncated"),
    .init("n_utf8_truncated_at_end", bytes: [0x22, 0xC3], "truncated"),
    .init("n_utf8_bad_continuation", bytes: quoted([0xE2, 0x28, 0xA1]), "truncated"),
    .init("n_utf8_4_byte_truncated", bytes: quoted([0xF0, 0x9D, 0x84]), "truncated"),
    .init("n_utf8_invalid_after_8_plain", bytes: quoted(Array("abcdefghij".utf8) + [0xFF]), "never appears"),
    .init("n_utf8_outside_string", bytes: [0x5B, 0xC3, 0xA9, 0x5D], "expected a value"),
    .init("n_byte_order_mark", bytes: [0xEF, 0xBB, 0xBF, 0x5B, 0x5D], "expected a value"),
    .init("n_literal_truncated_true", "tru", "expected 'true'"),
    .init("n_literal_capitalised", "True", "expected a value"),
    .init("n_literal_truncated_null", "nul", "expected 'null'"),
    .init("n_literal_wrong_letter", "fals3", "expected 'false'"),
    .init("n_literal_extra_letters", "falsey", "after the top-level value"),
    .init("n_literal_null_extra_l", "nulll", "after the top-level value"),
    .init("n_open_bracket", "[", "end of input"),
    .init("n_open_brace", "{", "member name"),
    .init("n_object_missing_value", "{\"a\":", "end of input"),
    .init("n_object_missing_value_before_brace", "{\"a\":}", "expected a value"),
    .init("n_array_unclosed", "[1", "end of input in array"),
    .init("n_object_unclosed", "{\"a\":1", "end of input in object"),
    .init("n_top_level_member", "\"a\" : 1", "after the top-level value"),
    .init("n_vertical_tab_whitespace", "[1,\u{0B}2]", "expected a value"),
    .init("n_form_feed_whitespace", "\u{0C}[]", "expected a value"),
    .init("n_nbsp_whitespace", "\u{A0}[]", "expected a value"),
    .init("n_close_bracket_alone", "]", "expected a value"),
    .init("n_object_in_key_position", "{{}:1}", "member name"),
    .init("n_array_as_key", "{[]:1}", "member name"),
    .init("n_depth_65_arrays", String(repeating: "[", count: 65) + String(repeating: "]", count: 65), "nesting"),
    .init("n_depth_65_objects", String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65), "nesting"),
]

@Suite struct JSONParserCorpusTests {
    @Test(arguments: acceptedCorpus)
    func accepts(_ sample: JSONCorpusCase) throws {
        _ = try JSONParser.parse(sample.bytes)
    }

    @Test(arguments: rejectedCorpus)
    func rejects(_ sample: JSONCorpusCase) {
        #expect(!sample.reason.isEmpty)
        do {
            let value = try JSONParser.parse(sample.bytes)
            Issue.record("accepted \(sample.name) as \(value)")
        } catch {
            #expect(error.reason.contains(sample.reason), "\(sample.name): \(error)")
            #expect(error.offset >= 0 && error.offset <= sample.bytes.count)
        }
    }

    @Test func corpusIsLargeEnoughToCoverTheRules() {
        #expect(acceptedCorpus.count + rejectedCorpus.count >= 120)
        let names = (acceptedCorpus + rejectedCorpus).map(\.name)
        #expect(Set(names).count == names.count, "case names are unique")
    }
}
