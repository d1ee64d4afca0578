using Coffer.Core.Hcl;

namespace Coffer.Core.Tests.Hcl;

public class HclGetBlocksTests
{
    private static string Describe(HclBlock block) =>
        string.Join("/", [block.Type, .. block.Labels]) + ":" + block.Position.Line + ":" + block.Position.Column
        + "[" + string.Join(",", block.Body.Attributes.Select(a => a.Name)) + "]";

    private static string[] Blocks(string text, string type, int labelCount) =>
        HclParser.Parse(text, "b.hcl").GetBlocks(type, labelCount).Select(Describe).ToArray();

    [Theory]
    [InlineData("storage \"sqlite\" { path = \"x\" }")]
    [InlineData("storage sqlite { path = \"x\" }")]
    [InlineData("storage { sqlite { path = \"x\" } }")]
    [InlineData("storage = { sqlite = { path = \"x\" } }")]
    [InlineData("storage { sqlite = { path = \"x\" } }")]
    [InlineData("storage = { sqlite { path = \"x\" } }")]
    [InlineData("{\"storage\": {\"sqlite\": {\"path\": \"x\"}}}")]
    [InlineData("{\"storage\": [{\"sqlite\": {\"path\": \"x\"}}]}")]
    [InlineData("{\"storage\": {\"sqlite\": [{\"path\": \"x\"}]}}")]
    public void ReadsTheSameOneLabelBlockFromEveryForm(string text)
    {
        var block = Assert.Single(HclParser.Parse(text, "b.hcl").GetBlocks("storage", 1));

        Assert.Equal("storage", block.Type);
        Assert.Equal(["sqlite"], block.Labels);
        Assert.Equal("x", HclParserValidTests.StringOf(block.Body, "path"));
    }

    [Fact]
    public void ReturnsBlocksOfBothFormsInDocumentOrder()
    {
        var found = Blocks("""
            listener "tcp" { a = 1 }
            other = 1
            listener = { unix = { b = 2 }, tcp = { c = 3 } }
            listener "tcp" { d = 4 }
            """, "listener", 1);

        Assert.Equal(["listener/tcp:1:1[a]", "listener/unix:3:14[b]", "listener/tcp:3:32[c]", "listener/tcp:4:1[d]"], found);
    }

    [Fact]
    public void ExpandsJsonListsIntoSeveralBlocksAtTheirOwnPositions()
    {
        var found = Blocks("""
            {
              "listener": [
                {"tcp": {"address": "127.0.0.1:8200"}},
                {"tcp": {"address": "127.0.0.1:8201"}}
              ]
            }
            """, "listener", 1);

        Assert.Equal(["listener/tcp:3:6[address]", "listener/tcp:4:6[address]"], found);
    }

    [Fact]
    public void ReadsUnlabelledBlocksFromBlockObjectAndListForms()
    {
        var found = Blocks("""
            telemetry { a = 1 }
            telemetry = { b = 2 }
            telemetry = [{ c = 3 }, { d = 4 }]
            """, "telemetry", 0);

        Assert.Equal(["telemetry:1:1[a]", "telemetry:2:1[b]", "telemetry:3:14[c]", "telemetry:3:25[d]"], found);
    }

    [Fact]
    public void ReadsTwoLabelBlocksFromMixedNesting()
    {
        var found = Blocks("""
            option "a" "b" { x = 1 }
            option "c" { d { y = 2 } e = { z = 3 } }
            option = { f = { g = { w = 4 } } }
            """, "option", 2);

        Assert.Equal(["option/a/b:1:1[x]", "option/c/d:2:14[y]", "option/c/e:2:26[z]", "option/f/g:3:18[w]"], found);
    }

    [Fact]
    public void ReadsPoliciesInBothForms()
    {
        var hcl = HclParser.Parse("path \"secret/*\" { capabilities = [\"read\"] }", "p.hcl");
        var json = HclParser.Parse("{\"path\": {\"secret/*\": {\"capabilities\": [\"read\"]}}}", "p.json");

        foreach (var body in new[] { hcl, json })
        {
            var path = Assert.Single(body.GetBlocks("path", 1));
            Assert.Equal("secret/*", path.Labels[0]);
            var capabilities = Assert.IsType<HclList>(path.Body.FindAttribute("capabilities")!.Value);
            Assert.Equal("read", Assert.IsType<HclString>(Assert.Single(capabilities.Items)).Value);
        }
    }

    [Fact]
    public void ReturnsNothingForAbsentTypesOrEmptyObjects()
    {
        Assert.Empty(HclParser.Parse("a = 1\nb \"x\" {}", "b.hcl").GetBlocks("storage", 1));
        Assert.Empty(HclParser.Parse("storage = {}\nstorage {}", "b.hcl").GetBlocks("storage", 1));
    }

    [Theory]
    [InlineData("storage = \"x\"", "storage", 1, 1, 1, "expected block 'storage' with 1 label")]
    [InlineData("ui = true", "ui", 0, 1, 1, "expected an object as the body of block 'ui', found a bool")]
    [InlineData("storage = { sqlite = \"x\" }", "storage", 1, 1, 13, "body of block 'storage' \"sqlite\", found a string")]
    [InlineData("storage = { sqlite = [1] }", "storage", 1, 1, 23, "found a number")]
    [InlineData("storage { path = \"x\" }", "storage", 1, 1, 11, "found a string")]
    [InlineData("storage \"a\" \"b\" {}", "storage", 1, 1, 1, "block 'storage' has 2 labels, expected 1")]
    [InlineData("storage { a \"b\" {} }", "storage", 1, 1, 11, "has 2 labels, expected 1")]
    [InlineData("storage = [\"x\"]", "storage", 1, 1, 12, "found a string")]
    [InlineData("{\"storage\": {\"\": {}}}", "storage", 1, 1, 14, "block label must not be empty")]
    [InlineData("{\n  \"storage\": {\"s\": 5}\n}", "storage", 1, 2, 15, "found a number")]
    [InlineData("seal = [[{}]]", "seal", 0, 1, 9, "found a list")]
    public void RejectsShapesThatAreNotBlocksAtTheOffendingPosition(
        string text, string type, int labelCount, int line, int column, string message)
    {
        var body = HclParser.Parse(text, "b.hcl");

        var error = Assert.Throws<HclException>(() => body.GetBlocks(type, labelCount));

        Assert.Equal(new HclPosition("b.hcl", line, column), error.Position);
        Assert.Contains(message, error.Message);
        Assert.StartsWith($"b.hcl:{line}:{column}: ", error.Message);
    }

    [Fact]
    public void IgnoresBlocksOfOtherTypesEvenWhenMalformedForTheRequest()
    {
        var body = HclParser.Parse("listener = \"x\"\nstorage \"s\" {}", "b.hcl");

        Assert.Single(body.GetBlocks("storage", 1));
    }

    [Fact]
    public void RejectsNegativeLabelCount()
    {
        var body = HclParser.Parse("a = 1", "b.hcl");

        Assert.Throws<ArgumentOutOfRangeException>(() => body.GetBlocks("a", -1));
    }

    [Fact]
    public void BuildsBodiesByHandInPositionOrder()
    {
        var at = (int line) => new HclPosition("m", line, 1);
        var emptyBody = new HclBody([], [], at(1));
        var body = new HclBody(
            [new HclAttribute("s", new HclObject(new HclBody([], [], at(3)), at(3)), at(3))],
            [new HclBlock("s", [], emptyBody, at(5)), new HclBlock("s", [], emptyBody, at(1))],
            at(1));

        Assert.Equal([1, 3, 5], body.GetBlocks("s", 0).Select(b => b.Position.Line));
    }
}
