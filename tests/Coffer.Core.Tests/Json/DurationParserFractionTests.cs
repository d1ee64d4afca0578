using Coffer.Core.Json;

namespace Coffer.Core.Tests.Json;

public sealed class DurationParserFractionTests
{
    [Theory]
    [InlineData("2s", 2000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("7", 7000)]
    [InlineData(" 250ms ", 250)]
    public void KeepsFractionsOfASecond(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1s")]
    [InlineData("5 parsecs")]
    [InlineData("s")]
    [InlineData("99999999999999h")]
    public void RefusesMalformedDurations(string text) => Assert.False(DurationParser.TryParse(text, out _));

    [Fact]
    public void WholeSecondsParserStillRoundsDown()
    {
        Assert.True(DurationParser.TryParseSeconds("1500ms", out var seconds));
        Assert.Equal(1, seconds);
    }
}
