using Coffer.Core.Hcl;

namespace Coffer.Core.Tests.Hcl;

public class HclJsonTests
{
    private const string JsonConfig = """
        {
          "storage": {"sqlite": {"path": "/var/lib/coffer/data.db"}},
          "listener": [
            {"tcp": {"address": "127.0.0.1:8200", "tls_disable": true}}
          ],
          "ui": true,
          "max_lease_ttl": 100,
          "ratio": -1.5e2,
          "nothing": null,
          "list": [1, "two", [], {}],
          "escapes": "q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00"
        }
        """;

    [Fact]
    public void DetectsJsonAndMapsObjectsToAttributes()
    {
        var body = HclParser.Parse(JsonConfig, "config.json");

        Assert.Empty(body.Blocks);
        Assert.Equal(
            ["storage", "listener", "ui", "max_lease_ttl", "ratio", "nothing", "list", "escapes"],
            body.Attributes.Select(a => a.Name));
        var storage = Assert.IsType<HclObject>(body.Attributes[0].Value);
        Assert.Equal("sqlite", storage.Body.Attributes[0].Name);
        Assert.True(Assert.IsType<HclBool>(body.FindAttribute("ui")!.Value).Value);
        Assert.True(Assert.IsType<HclNumber>(body.FindAttribute("max_lease_ttl")!.Value).TryGetInt64(out var ttl));
        Assert.Equal(100, ttl);
        Assert.Equal(-150.0, Assert.IsType<HclNumber>(body.FindAttribute("ratio")!.Value).AsDouble());
        Assert.IsType<HclNull>(body.FindAttribute("nothing")!.Value);
        var list = Assert.IsType<HclList>(body.FindAttribute("list")!.Value).Items;
        Assert.Equal(4, list.Count);
        Assert.IsType<HclObject>(list[3]);
        Assert.Equal("q\" b\\ s/ \b\f\n\r\t é \U0001F600", HclParserValidTests.StringOf(body, "escapes"));
    }

    [Fact]
    public void KeepsLineAndColumnOfKeysAndValues()
    {
        var body = HclParser.Parse(JsonConfig, "config.json");

        Assert.Equal(new HclPosition("config.json", 1, 1), body.Position);
        Assert.Equal(new HclPosition("config.json", 2, 3), body.Attributes[0].Position);
        Assert.Equal(new HclPosition("config.json", 2, 14), body.Attributes[0].Value.Position);
        var listener = Assert.IsType<HclList>(body.FindAttribute("listener")!.Value);
        Assert.Equal(new HclPosition("config.json", 3, 15), listener.Position);
        Assert.Equal(new HclPosition("config.json", 4, 5), listener.Items[0].Position);
        Assert.Equal(new HclPosition("config.json", 7, 20), body.FindAttribute("max_lease_ttl")!.Value.Position);
        Assert.Equal(new HclPosition("config.json", 8, 12), body.FindAttribute("ratio")!.Value.Position);
    }

    [Fact]
    public void FeedsJsonConfigThroughGetBlocks()
    {
        var body = HclParser.Parse(JsonConfig, "config.json");

        var storage = Assert.Single(body.GetBlocks("storage", 1));
        Assert.Equal("sqlite", storage.Labels[0]);
        Assert.Equal("/var/lib/coffer/data.db", HclParserValidTests.StringOf(storage.Body, "path"));
        var listener = Assert.Single(body.GetBlocks("listener", 1));
        Assert.Equal(["address", "tls_disable"], listener.Body.Attributes.Select(a => a.Name));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("  \n\t{ }  \n")]
    [InlineData("\uFEFF{}")]
    [InlineData("\r\n{\r\n}\r\n")]
    public void AcceptsEmptyJsonObjectsWithSurroundingWhitespace(string text)
    {
        var body = HclParser.Parse(text, "e.json");

        Assert.Empty(body.Attributes);
    }

    [Fact]
    public void KeepsDuplicateKeysInOrder()
    {
        var body = HclParser.Parse("{\"a\": 1, \"a\": 2, \"\": 3}", "d.json");

        Assert.Equal(["a", "a", ""], body.Attributes.Select(a => a.Name));
    }

    [Fact]
    public void TreatsDocumentsNotStartingWithBraceAsHcl()
    {
        var body = HclParser.Parse("# comment first\n\"json_like\" = {\"a\" = 1}", "h.hcl");

        Assert.Equal("json_like", Assert.Single(body.Attributes).Name);
    }
}
