using System.Text.Json.Nodes;
using Coffer.Cli.Output;

namespace Coffer.Cli.Tests;

public class ValueFormattingTests
{
    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("42", "42")]
    [InlineData("1.50", "1.50")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    [InlineData("true", "true")]
    [InlineData("null", "<nil>")]
    [InlineData("[1,\"a\",[true]]", "[1 a [true]]")]
    [InlineData("{\"b\":2,\"a\":{\"y\":1,\"x\":null}}", "map[a:map[x:<nil> y:1] b:2]")]
    [InlineData("[]", "[]")]
    public void ValuesRenderLikeGoPercentV(string json, string expected)
    {
        Assert.Equal(expected, GoValueFormatter.Format(JsonNode.Parse(json)));
    }

    [Fact]
    public void PolicyListsRenderQuoted()
    {
        Assert.Equal("[\"default\" \"ops \\\"x\\\"\"]", GoValueFormatter.FormatQuotedList(JsonNode.Parse("[\"default\",\"ops \\\"x\\\"\"]")));
        Assert.Equal("[]", GoValueFormatter.FormatQuotedList(null));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(60, "1m")]
    [InlineData(90, "1m30s")]
    [InlineData(3600, "1h")]
    [InlineData(3630, "1h30s")]
    [InlineData(3660, "1h1m")]
    [InlineData(2764800, "768h")]
    [InlineData(-90, "-1m30s")]
    public void DurationsDropZeroTails(long seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("ttl", true)]
    [InlineData("token_ttl", true)]
    [InlineData("period", true)]
    [InlineData("token_period", true)]
    [InlineData("lease_duration", true)]
    [InlineData("ttl_max", true)]
    [InlineData("title", false)]
    [InlineData("ttls", false)]
    public void DurationLikeKeys(string key, bool expected)
    {
        Assert.Equal(expected, HumanDuration.LooksLikeDuration(key));
    }

    [Fact]
    public void OnlyWholeJsonNumbersAreTreatedAsDurations()
    {
        Assert.Equal("1h", HumanDuration.TryFormat(JsonNode.Parse("3600")));
        Assert.Null(HumanDuration.TryFormat(JsonNode.Parse("\"3600\"")));
        Assert.Null(HumanDuration.TryFormat(JsonNode.Parse("1.5")));
    }

    [Theory]
    [InlineData("2024-05-01T10:00:00Z", "2024-05-01 10:00:00 +0000 UTC")]
    [InlineData("2024-05-01T10:00:00.25Z", "2024-05-01 10:00:00.25 +0000 UTC")]
    [InlineData("2024-05-01T12:00:00+02:00", "2024-05-01 12:00:00 +0200 +0200")]
    [InlineData("not a time", "not a time")]
    public void TimestampsUseGoLayout(string input, string expected)
    {
        Assert.Equal(expected, GoTimeText.Format(input));
    }

    [Fact]
    public void WrapBreaksAtWordBoundaries()
    {
        var lines = TextWrap.Wrap("aaa bbb ccc ddd", 7);

        Assert.Equal(new[] { "aaa bbb", "ccc ddd" }, lines);
    }
}
