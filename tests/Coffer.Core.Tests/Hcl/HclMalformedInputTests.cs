using Coffer.Core.Hcl;

namespace Coffer.Core.Tests.Hcl;

public class HclMalformedInputTests
{
    private const int HostileDepth = 10_000;

    /// <summary>Case name, input, expected line and column, and a fragment the message must contain.</summary>
    public static TheoryData<string, string, int, int, string> MalformedHcl => new()
    {
        { "unterminated string", "a = \"abc", 1, 5, "unterminated string" },
        { "newline inside string", "a = \"abc\nb = 1\"", 1, 5, "unterminated string" },
        { "unterminated heredoc", "a = <<EOT\nline\n", 1, 5, "unterminated heredoc: no line with the closing anchor 'EOT'" },
        { "heredoc without anchor", "a = <<\nx\n", 1, 7, "expected a heredoc anchor name after '<<', found end of line" },
        { "text after heredoc anchor", "a = <<EOT junk\nEOT", 1, 11, "expected end of line after heredoc anchor 'EOT'" },
        { "unterminated block comment", "a = 1\n/* never closed\nb = 2", 2, 1, "unterminated block comment" },
        { "missing equals", "a 1", 1, 3, "expected '=' or '{' after 'a', found number 1" },
        { "missing equals before a string", "listener \"tcp\" {\n  address \"x\"\n  port = 1\n}", 3, 8, "expected '{' to open block address \"x\" \"port\", found '='" },
        { "missing closing brace of block", "listener \"tcp\" {\n  a = 1\n", 1, 16, "'{' is never closed" },
        { "missing closing brace of object", "a = { b = 1", 1, 5, "'{' is never closed" },
        { "missing closing bracket at end of file", "a = [1, 2", 1, 5, "'[' is never closed" },
        { "missing closing bracket before next item", "a = [1, 2\nb = 3", 2, 1, "expected ',' or ']' after list item, found identifier 'b'" },
        { "closing bracket without opening as value", "a = ]", 1, 5, "expected a value, found ']'" },
        { "closing bracket without opening at top level", "]", 1, 1, "expected an attribute name or block type, found ']'" },
        { "closing brace without opening", "a = 1\n}", 2, 1, "unexpected '}' without a matching '{'" },
        { "bad escape", "a = \"x\\q\"", 1, 7, "invalid escape sequence '\\q'" },
        { "short \\u escape", "a = \"\\u12G4\"", 1, 6, "invalid escape '\\u12': expected 4 hex digits" },
        { "\\U beyond Unicode", "a = \"\\U00110000\"", 1, 6, "not a Unicode scalar value" },
        { "lone surrogate escape", "a = \"\\uD800\"", 1, 6, "surrogate" },
        { "backslash at end of line", "a = \"x\\\n\"", 1, 7, "unterminated escape sequence" },
        { "unterminated interpolation", "a = \"${foo\"", 1, 6, "unterminated interpolation" },
        { "letters glued to number", "a = 12ab", 1, 5, "invalid number '12ab'" },
        { "two decimal points", "a = 1.2.3", 1, 5, "invalid number '1.2.3'" },
        { "hex prefix without digits", "a = 0x", 1, 5, "invalid number '0x'" },
        { "exponent without digits", "a = 1e", 1, 5, "invalid number '1e'" },
        { "fraction without digits", "a = 1.", 1, 5, "invalid number '1.'" },
        { "octal with digit 8", "a = 089", 1, 5, "octal" },
        { "minus without digits", "a = -x", 1, 5, "unexpected character '-'" },
        { "stray at sign", "a = 1\nb @ 2", 2, 3, "unexpected character '@'" },
        { "stray semicolon", "a = 1;", 1, 6, "unexpected character ';'" },
        { "colon instead of equals", "a: 1", 1, 2, "unexpected character ':'" },
        { "single slash", "a = 1 / 2", 1, 7, "unexpected character '/'" },
        { "single angle bracket", "a < 1", 1, 3, "unexpected character '<'" },
        { "control character", "a = 1\u0001", 1, 6, "unexpected character U+0001" },
        { "unquoted string value", "a = hello", 1, 5, "strings must be quoted" },
        { "missing value at end of file", "a =", 1, 4, "expected a value, found end of file" },
        { "missing value before next line", "a =\nb = 2", 2, 1, "expected a value, found identifier 'b'" },
        { "list items without comma", "a = [1 2]", 1, 8, "expected ',' or ']' after list item, found number 2" },
        { "list with leading comma", "a = [,]", 1, 6, "expected a value, found ','" },
        { "block labels then end of file", "storage \"x\"", 1, 12, "expected '{' to open block storage \"x\", found end of file" },
        { "bare name at end of file", "storage", 1, 8, "expected '=' or '{' after 'storage', found end of file" },
        { "equals without name", "= 1", 1, 1, "expected an attribute name or block type, found '='" },
        { "number as attribute name", "1 = 2", 1, 1, "found number 1" },
        { "empty block label", "storage \"\" {}", 1, 9, "block label must not be empty" },
        { "empty attribute name", "\"\" = 1", 1, 1, "attribute name must not be empty" },
        { "empty block type", "\"\" {}", 1, 1, "block type must not be empty" },
        { "heredoc as attribute name", "<<EOT\nx\nEOT\n = 1", 1, 1, "found heredoc" },
        { "deeply nested lists", "a = " + new string('[', HostileDepth), 1, 5 + HclParser.MaxNestingDepth, "nesting is too deep" },
        { "deeply nested blocks", string.Concat(Enumerable.Repeat("a{", HostileDepth)), 1, 2 * (HclParser.MaxNestingDepth + 1), "nesting is too deep" },
        { "deeply nested objects", string.Concat(Enumerable.Repeat("a = {", HostileDepth)), 1, 5 * (HclParser.MaxNestingDepth + 1), "nesting is too deep" },
    };

    public static TheoryData<string, string, int, int, string> MalformedJson => new()
    {
        { "trailing comma", "{\"a\": 1,}", 1, 9, "trailing ','" },
        { "missing colon", "{\"a\" 1}", 1, 6, "expected ':' after property name \"a\"" },
        { "unquoted key", "{a: 1}", 1, 2, "expected a quoted property name, found 'a'" },
        { "single-quoted key", "{'a': 1}", 1, 2, "expected a quoted property name, found '''" },
        { "unclosed array", "{\"a\": [1, 2", 1, 7, "'[' is never closed" },
        { "unclosed object", "{\n  \"a\": 1", 1, 1, "'{' is never closed" },
        { "text after document", "{} x", 1, 4, "after the end of the JSON document" },
        { "second document", "{}\n{}", 2, 1, "after the end of the JSON document" },
        { "misspelled literal", "{\"a\": tru}", 1, 7, "invalid JSON literal 'tru'" },
        { "leading zero", "{\"a\": 01}", 1, 7, "invalid JSON number '01'" },
        { "hex number", "{\"a\": 0x1}", 1, 7, "invalid JSON number '0x1'" },
        { "raw tab in string", "{\"a\": \"x\ty\"}", 1, 9, "control character U+0009" },
        { "unterminated string", "{\"a\": \"x", 1, 7, "unterminated string" },
        { "bad escape", "{\"a\": \"\\x\"}", 1, 8, "invalid JSON escape sequence '\\x'" },
        { "comment", "{ // c\n}", 1, 3, "expected a quoted property name, found '/'" },
        { "missing comma", "{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}'" },
        { "missing value", "{\"a\": }", 1, 7, "expected a JSON value, found '}'" },
        { "deeply nested objects", string.Concat(Enumerable.Repeat("{\"a\":", HostileDepth)), 1, 5 * HclParser.MaxNestingDepth + 1, "nesting is too deep" },
        { "deeply nested arrays", "{\"a\":" + new string('[', HostileDepth), 1, 6 + HclParser.MaxNestingDepth - 1, "nesting is too deep" },
    };

    [Theory]
    [MemberData(nameof(MalformedHcl))]
    public void RejectsMalformedHclWithPosition(string name, string text, int line, int column, string message)
    {
        AssertRejected(name, text, line, column, message);
    }

    [Theory]
    [MemberData(nameof(MalformedJson))]
    public void RejectsMalformedJsonWithPosition(string name, string text, int line, int column, string message)
    {
        AssertRejected(name, text, line, column, message);
    }

    [Fact]
    public void PutsTheFileNameAndPositionInFrontOfTheMessage()
    {
        var error = Assert.Throws<HclException>(() => HclParser.Parse("a = 1\nb 2", "config.hcl"));

        Assert.Equal("config.hcl:2:3: expected '=' or '{' after 'b', found number 2", error.Message);
        Assert.Equal("expected '=' or '{' after 'b', found number 2", error.Reason);
    }

    [Fact]
    public void ReportsTheFirstErrorInDocumentOrder()
    {
        var error = Assert.Throws<HclException>(() => HclParser.Parse("a = \nb = \"unterminated", "f.hcl"));

        Assert.Equal(new HclPosition("f.hcl", 2, 1), error.Position);
    }

    private static void AssertRejected(string name, string text, int line, int column, string message)
    {
        var error = Assert.Throws<HclException>(() => HclParser.Parse(text, "bad.hcl"));

        Assert.True(
            error.Position == new HclPosition("bad.hcl", line, column) && error.Message.Contains(message, StringComparison.Ordinal),
            $"{name}: expected bad.hcl:{line}:{column} containing \"{message}\", got \"{error.Message}\"");
        Assert.StartsWith($"bad.hcl:{line}:{column}: ", error.Message);
    }
}
