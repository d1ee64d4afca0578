using Coffer.Core.Hcl;

namespace Coffer.Core.Tests.Hcl;

public class HclParserValidTests
{
    private const string VaultStyleConfig = """
        storage "sqlite" { path = "/var/lib/coffer/data.db" }
        listener "tcp" {
          address = "127.0.0.1:8200"   # comment
          tls_disable = true            // comment
        }
        /* block comment */
        api_addr = "https://127.0.0.1:8200"
        ui = true
        default_lease_ttl = "768h"
        max_lease_ttl = 100
        telemetry { prometheus_retention_time = "30s" disable_hostname = true }
        path "secret/data/*" { capabilities = ["create", "read"] }
        path "secret/foo" {
          policy = "write"
          allowed_parameters = { "bar" = ["zip", "zap"], "*" = [] }
        }
        description = <<EOT
        multi-line
        EOT
        indented = <<-EOT
            strips common indentation
            EOT
        """;

    [Fact]
    public void ParsesTheVaultStyleExampleIntoAttributesAndBlocksInOrder()
    {
        var body = HclParser.Parse(VaultStyleConfig, "config.hcl");

        Assert.Equal(
            ["api_addr", "ui", "default_lease_ttl", "max_lease_ttl", "description", "indented"],
            body.Attributes.Select(a => a.Name));
        Assert.Equal(["storage", "listener", "telemetry", "path", "path"], body.Blocks.Select(b => b.Type));

        Assert.Equal("https://127.0.0.1:8200", StringOf(body, "api_addr"));
        Assert.True(Assert.IsType<HclBool>(body.FindAttribute("ui")!.Value).Value);
        Assert.Equal("100", Assert.IsType<HclNumber>(body.FindAttribute("max_lease_ttl")!.Value).Text);
        Assert.Equal("multi-line\n", StringOf(body, "description"));
        Assert.Equal("strips common indentation\n", StringOf(body, "indented"));
    }

    [Fact]
    public void KeepsPositionsOfBlocksAttributesAndValues()
    {
        var body = HclParser.Parse(VaultStyleConfig, "config.hcl");

        var listener = body.Blocks[1];
        Assert.Equal(new HclPosition("config.hcl", 2, 1), listener.Position);
        Assert.Equal(new HclPosition("config.hcl", 2, 16), listener.Body.Position);
        var address = listener.Body.Attributes[0];
        Assert.Equal(new HclPosition("config.hcl", 3, 3), address.Position);
        Assert.Equal(new HclPosition("config.hcl", 3, 13), address.Value.Position);
        Assert.Equal("config.hcl:3:13", address.Value.Position.ToString());
        Assert.Equal(new HclPosition("config.hcl", 1, 1), body.Position);
    }

    [Fact]
    public void ParsesOneLineBlockBodiesWithoutSeparators()
    {
        var body = HclParser.Parse(VaultStyleConfig, "config.hcl");

        var telemetry = Assert.Single(body.Blocks, b => b.Type == "telemetry");
        Assert.Empty(telemetry.Labels);
        Assert.Equal(["prometheus_retention_time", "disable_hostname"], telemetry.Body.Attributes.Select(a => a.Name));
        Assert.Equal("30s", StringOf(telemetry.Body, "prometheus_retention_time"));
    }

    [Fact]
    public void ParsesObjectValuesWithQuotedKeysAndEmptyLists()
    {
        var body = HclParser.Parse(VaultStyleConfig, "config.hcl");

        var foo = body.Blocks.Single(b => b.Type == "path" && b.Labels[0] == "secret/foo");
        var allowed = Assert.IsType<HclObject>(foo.Body.FindAttribute("allowed_parameters")!.Value);
        Assert.Equal(["bar", "*"], allowed.Body.Attributes.Select(a => a.Name));
        var bar = Assert.IsType<HclList>(allowed.Body.Attributes[0].Value);
        Assert.Equal(["zip", "zap"], bar.Items.Select(i => Assert.IsType<HclString>(i).Value));
        Assert.Empty(Assert.IsType<HclList>(allowed.Body.Attributes[1].Value).Items);
    }

    [Fact]
    public void AcceptsQuotedAndIdentifierKeysAndLabels()
    {
        var body = HclParser.Parse("""
            "quoted key" = 1
            listener tcp "second" unquoted { }
            "storage" "raft" { }
            """, "f.hcl");

        Assert.Equal("quoted key", body.Attributes[0].Name);
        Assert.Equal(["tcp", "second", "unquoted"], body.Blocks[0].Labels);
        Assert.Equal("storage", body.Blocks[1].Type);
        Assert.Equal(["raft"], body.Blocks[1].Labels);
    }

    [Fact]
    public void ParsesNestedBlocks()
    {
        var body = HclParser.Parse("""
            seal "transit" {
              tls {
                options "a" "b" { depth = 3 }
              }
            }
            """, "f.hcl");

        var tls = Assert.Single(Assert.Single(body.Blocks).Body.Blocks);
        var options = Assert.Single(tls.Body.Blocks);
        Assert.Equal(["a", "b"], options.Labels);
        Assert.Equal("3", Assert.IsType<HclNumber>(options.Body.Attributes[0].Value).Text);
        Assert.Equal(new HclPosition("f.hcl", 3, 5), options.Position);
    }

    [Fact]
    public void ParsesBoolsNullsAndListsWithTrailingCommasAndNewlines()
    {
        var body = HclParser.Parse("""
            yes = true
            no = false
            nothing = null
            items = [
              "a",
              1,
              [true, null],
              { k = "v" },
            ]
            empty = []
            """, "f.hcl");

        Assert.True(Assert.IsType<HclBool>(body.Attributes[0].Value).Value);
        Assert.False(Assert.IsType<HclBool>(body.Attributes[1].Value).Value);
        Assert.IsType<HclNull>(body.Attributes[2].Value);
        var items = Assert.IsType<HclList>(body.Attributes[3].Value).Items;
        Assert.Equal(4, items.Count);
        Assert.IsType<HclString>(items[0]);
        Assert.IsType<HclNumber>(items[1]);
        Assert.Equal(2, Assert.IsType<HclList>(items[2]).Items.Count);
        Assert.Equal("v", StringOf(Assert.IsType<HclObject>(items[3]).Body, "k"));
        Assert.Empty(Assert.IsType<HclList>(body.Attributes[4].Value).Items);
    }

    [Fact]
    public void SeparatesObjectItemsByCommasOrNewlinesAndAllowsBlocksInside()
    {
        var body = HclParser.Parse("""
            a = { x = 1, "y" = 2, }
            b = {
              x = 1
              y = 2
              inner "label" { z = 3 }
            }
            """, "f.hcl");

        var a = Assert.IsType<HclObject>(body.Attributes[0].Value);
        Assert.Equal(["x", "y"], a.Body.Attributes.Select(x => x.Name));
        Assert.Equal(new HclPosition("f.hcl", 1, 5), a.Position);
        var b = Assert.IsType<HclObject>(body.Attributes[1].Value);
        Assert.Equal(["x", "y"], b.Body.Attributes.Select(x => x.Name));
        Assert.Equal(["label"], Assert.Single(b.Body.Blocks).Labels);
    }

    [Fact]
    public void IgnoresAllCommentStylesIncludingAtEndOfFile()
    {
        var body = HclParser.Parse("""
            # hash
            // slashes
            /* block
               spanning lines */ a = /* inline */ 1 # trailing
            b = "not # a comment // either /* really */"
            /* last */ // end
            """, "f.hcl");

        Assert.Equal(["a", "b"], body.Attributes.Select(a => a.Name));
        Assert.Equal(new HclPosition("f.hcl", 4, 22), body.Attributes[0].Position);
        Assert.Equal("not # a comment // either /* really */", StringOf(body, "b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t\n")]
    [InlineData("# only a comment")]
    [InlineData("/* only */")]
    public void AcceptsEmptyDocuments(string text)
    {
        var body = HclParser.Parse(text, "empty.hcl");

        Assert.Empty(body.Attributes);
        Assert.Empty(body.Blocks);
    }

    [Fact]
    public void TreatsCrLfLineEndingsLikeLf()
    {
        var body = HclParser.Parse("a = 1\r\nb = <<EOT\r\nline\r\nEOT\r\n  c = \"x\"\r\n", "f.hcl");

        Assert.Equal("line\n", StringOf(body, "b"));
        Assert.Equal(new HclPosition("f.hcl", 5, 3), body.Attributes[2].Position);
    }

    [Fact]
    public void AllowsNestingUpToTheDepthLimit()
    {
        var depth = HclParser.MaxNestingDepth;
        var text = "a = " + new string('[', depth) + new string(']', depth);

        var body = HclParser.Parse(text, "f.hcl");

        HclValue value = body.Attributes[0].Value;
        for (var level = 1; level < depth; level++) value = Assert.Single(Assert.IsType<HclList>(value).Items);
        Assert.Empty(Assert.IsType<HclList>(value).Items);
    }

    [Fact]
    public void KeepsRepeatedAttributesAndBlocks()
    {
        var body = HclParser.Parse("a = 1\na = 2\nb {}\nb {}", "f.hcl");

        Assert.Equal(2, body.Attributes.Count);
        Assert.Equal(2, body.Blocks.Count);
        Assert.Equal("1", Assert.IsType<HclNumber>(body.FindAttribute("a")!.Value).Text);
        Assert.Null(body.FindAttribute("missing"));
    }

    internal static string StringOf(HclBody body, string name) =>
        Assert.IsType<HclString>(body.FindAttribute(name)!.Value).Value;
}
