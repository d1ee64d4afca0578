using System.Text.Json.Nodes;
using Coffer.Core.Json;

namespace Coffer.Core.Tests.Json;

public sealed class LenientFieldsTests
{
    private static JsonObject Data(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void IntegersAcceptNumbersAndStrings()
    {
        Assert.Equal(5, LenientFields.GetInt(Data("""{"n":5}"""), "n"));
        Assert.Equal(5, LenientFields.GetInt(Data("""{"n":"5"}"""), "n"));
        Assert.Null(LenientFields.GetInt(Data("{}"), "n"));
        Assert.Throws<CofferError>(() => LenientFields.GetInt(Data("""{"n":"five"}"""), "n"));
        Assert.Throws<CofferError>(() => LenientFields.GetInt(Data("""{"n":[1]}"""), "n"));
    }

    [Fact]
    public void BoolsAcceptGoForms()
    {
        Assert.True(LenientFields.GetBool(Data("""{"b":"true"}"""), "b"));
        Assert.True(LenientFields.GetBool(Data("""{"b":"T"}"""), "b"));
        Assert.False(LenientFields.GetBool(Data("""{"b":"0"}"""), "b"));
        Assert.False(LenientFields.GetBool(Data("""{"b":false}"""), "b"));
        Assert.Throws<CofferError>(() => LenientFields.GetBool(Data("""{"b":"yes"}"""), "b"));
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("1h30m", 5400)]
    [InlineData("768h", 2764800)]
    [InlineData("2d", 172800)]
    [InlineData("1.5h", 5400)]
    [InlineData("9223372036", 9223372036)]
    public void DurationsParse(string text, long seconds)
    {
        Assert.True(DurationParser.TryParseSeconds(text, out var parsed));
        Assert.Equal(seconds, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("10x")]
    [InlineData("-5s")]
    [InlineData("1h-")]
    [InlineData("99999999999999h")]
    [InlineData("9223372037")]
    public void BadDurationsAreRejected(string text) => Assert.False(DurationParser.TryParseSeconds(text, out _));

    [Fact]
    public void StringMapsAcceptObjectsAndPairs()
    {
        Assert.Equal("2", LenientFields.GetStringMap(Data("""{"o":{"version":2}}"""), "o")!["version"]);
        Assert.Equal("b", LenientFields.GetStringMap(Data("""{"o":["a=b"]}"""), "o")!["a"]);
        Assert.Throws<CofferError>(() => LenientFields.GetStringMap(Data("""{"o":"x"}"""), "o"));
    }
}

public sealed class LenientFieldsBuiltInCodeTests
{
    [Fact]
    public void ValuesBuiltFromClrNumbersReadLikeParsedOnes()
    {
        var data = new JsonObject { ["i"] = 5, ["d"] = 7.0, ["m"] = 3m, ["t"] = 90 };
        Assert.Equal(5, LenientFields.GetInt(data, "i"));
        Assert.Equal(7, LenientFields.GetInt(data, "d"));
        Assert.Equal(3, LenientFields.GetInt(data, "m"));
        Assert.Equal(90, LenientFields.GetDurationSeconds(data, "t"));
        Assert.True(LenientFields.GetBool(data, "i"));
    }
}
