using System.Text.Json.Nodes;
using Coffer.Cli.Input;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public sealed class DataArgumentsTests : IDisposable
{
    private readonly TempDirectory _directory = new("coffer-data-args-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void KeyValuePairsBecomeStrings()
    {
        var data = Parse(["a=1", "b=two words", "c="]);

        Assert.Equal("""{"a":"1","b":"two words","c":""}""", data.ToJsonString());
    }

    [Fact]
    public void OnlyTheFirstEqualsSignSplits()
    {
        Assert.Equal("""{"query":"x=y=z"}""", Parse(["query=x=y=z"]).ToJsonString());
    }

    [Fact]
    public void RepeatedKeysCollectIntoAnArray()
    {
        Assert.Equal("""{"p":["a","b","c"]}""", Parse(["p=a", "p=b", "p=c"]).ToJsonString());
    }

    [Fact]
    public void AtFileReadsTheValueVerbatim()
    {
        var file = WriteFile("cert.pem", "line1\nline2\n");

        var data = Parse([$"certificate=@{file}"]);

        Assert.Equal("line1\nline2\n", data["certificate"]!.GetValue<string>());
    }

    [Fact]
    public void EscapedAtIsALiteral()
    {
        Assert.Equal("@home", Parse(["handle=\\@home"])["handle"]!.GetValue<string>());
    }

    [Fact]
    public void DashValueReadsAllOfStdin()
    {
        var data = DataArguments.Parse(["password=-"], new StringReader("s3cret\n"));

        Assert.Equal("s3cret\n", data["password"]!.GetValue<string>());
    }

    [Fact]
    public void LoneDashMergesAJsonObjectFromStdinKeepingTypes()
    {
        var data = DataArguments.Parse(["-", "extra=x"], new StringReader("""{"n":5,"ok":true,"list":["a"]}"""));

        Assert.Equal("""{"n":5,"ok":true,"list":["a"],"extra":"x"}""", data.ToJsonString());
    }

    [Fact]
    public void WholeArgumentAtFileMergesAJsonObject()
    {
        var file = WriteFile("data.json", """{"user":"bob","ttl":60}""");

        Assert.Equal("""{"user":"bob","ttl":60}""", Parse([$"@{file}"]).ToJsonString());
    }

    [Fact]
    public void StdinCanOnlyBeReadOnce()
    {
        var error = Assert.Throws<DataArgumentException>(
            () => DataArguments.Parse(["a=-", "b=-"], new StringReader("x")));

        Assert.Equal("stdin already consumed", error.Message);
    }

    [Fact]
    public void StdinThatIsNotAnObjectIsRejected()
    {
        Assert.Throws<DataArgumentException>(() => DataArguments.Parse(["-"], new StringReader("[1,2]")));
        Assert.Throws<DataArgumentException>(() => DataArguments.Parse(["-"], new StringReader("{not json")));
    }

    [Fact]
    public void ArgumentWithoutEqualsIsRejected()
    {
        var error = Assert.Throws<DataArgumentException>(() => Parse(["justaword"]));

        Assert.Contains("key=value", error.Message);
    }

    [Fact]
    public void MissingFileIsRejected()
    {
        Assert.Throws<DataArgumentException>(() => Parse([$"v=@{_directory.PathOf("absent")}"]));
    }

    [Fact]
    public void QueryFlattensArraysIntoRepeatedParameters()
    {
        var query = DataArguments.ToQuery(new JsonObject { ["a"] = new JsonArray("1", "2"), ["b"] = "x", ["n"] = 3 });

        Assert.Equal(
            [KeyValuePair.Create("a", "1"), KeyValuePair.Create("a", "2"), KeyValuePair.Create("b", "x"), KeyValuePair.Create("n", "3")],
            query);
    }

    private static JsonObject Parse(string[] args) => DataArguments.Parse(args, new StringReader(""));

    private string WriteFile(string name, string content)
    {
        var path = _directory.PathOf(name);
        File.WriteAllText(path, content);
        return path;
    }
}
