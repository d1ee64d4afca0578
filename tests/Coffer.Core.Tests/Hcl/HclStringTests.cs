using Coffer.Core.Hcl;

namespace Coffer.Core.Tests.Hcl;

public class HclStringTests
{
    private static string ValueOf(string hcl) =>
        Assert.IsType<HclString>(Assert.Single(HclParser.Parse(hcl, "s.hcl").Attributes).Value).Value;

    [Theory]
    [InlineData(@"v = ""a\nb""", "a\nb")]
    [InlineData(@"v = ""a\tb""", "a\tb")]
    [InlineData(@"v = ""a\rb""", "a\rb")]
    [InlineData(@"v = ""say \""hi\""""", "say \"hi\"")]
    [InlineData(@"v = ""back\\slash""", "back\\slash")]
    [InlineData(@"v = ""\u00e9""", "é")]
    [InlineData(@"v = ""\U0001F600""", "\U0001F600")]
    [InlineData(@"v = ""\uD83D\uDE00""", "\U0001F600")]
    [InlineData(@"v = """"", "")]
    [InlineData("v = \"unicode ü 日本\"", "unicode ü 日本")]
    public void DecodesEscapes(string hcl, string expected)
    {
        Assert.Equal(expected, ValueOf(hcl));
    }

    [Theory]
    [InlineData(@"v = ""${var.x}""", "${var.x}")]
    [InlineData(@"v = ""pre-${lookup(a, ""key"")}-post""", "pre-${lookup(a, \"key\")}-post")]
    [InlineData(@"v = ""${ {a} }""", "${ {a} }")]
    [InlineData(@"v = ""${x\n}""", "${x\\n}")]
    [InlineData(@"v = ""$ and { alone""", "$ and { alone")]
    public void KeepsInterpolationAsLiteralText(string hcl, string expected)
    {
        Assert.Equal(expected, ValueOf(hcl));
    }

    [Fact]
    public void ReadsPlainHeredocKeepingIndentationAndFinalNewline()
    {
        var value = ValueOf("v = <<EOT\nfirst\n  second\n\nEOT\n");

        Assert.Equal("first\n  second\n\n", value);
    }

    [Fact]
    public void ReadsIndentedHeredocStrippingOnlyCommonIndentation()
    {
        var value = ValueOf("v = <<-END\n    a\n      b\n\n    c\n    END\n");

        Assert.Equal("a\n  b\n\nc\n", value);
    }

    [Fact]
    public void ReadsHeredocWithoutContentAsEmptyString()
    {
        Assert.Equal("", ValueOf("v = <<EOT\nEOT"));
    }

    [Fact]
    public void DoesNotEndHeredocOnLinesThatOnlyContainTheAnchor()
    {
        var value = ValueOf("v = <<EOT\nEOTX\nthe EOT\n\"quotes\" and ${x} and \\n stay\nEOT\n");

        Assert.Equal("EOTX\nthe EOT\n\"quotes\" and ${x} and \\n stay\n", value);
    }

    [Fact]
    public void ContinuesParsingAfterHeredoc()
    {
        var body = HclParser.Parse("a = <<EOT\ntext\nEOT\nb = [<<X\nin list\nX\n, \"after\"]\n", "s.hcl");

        Assert.Equal("text\n", HclParserValidTests.StringOf(body, "a"));
        var items = Assert.IsType<HclList>(body.Attributes[1].Value).Items;
        Assert.Equal(["in list\n", "after"], items.Select(i => Assert.IsType<HclString>(i).Value));
        Assert.Equal(new HclPosition("s.hcl", 4, 1), body.Attributes[1].Position);
        Assert.Equal(new HclPosition("s.hcl", 1, 5), body.Attributes[0].Value.Position);
    }

    [Fact]
    public void AcceptsQuotedStringsAsObjectKeysWithEscapes()
    {
        var body = HclParser.Parse(@"o = { ""a\""b"" = 1 }", "s.hcl");

        var obj = Assert.IsType<HclObject>(body.Attributes[0].Value);
        Assert.Equal("a\"b", obj.Body.Attributes[0].Name);
    }
}
