using Coffer.Cli.Policies;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public sealed class PolicyFormatterTests : IDisposable
{
    private readonly TempDirectory _directory = new("coffer-fmt-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ReindentsAndSeparatesBlocks()
    {
        var formatted = PolicyFormatter.Format("path \"a/*\" {\ncapabilities=[\"read\",\"list\"]\n}\npath \"b\" { capabilities = [ \"deny\" ] }");

        Assert.Equal(
            "path \"a/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n\npath \"b\" {\n  capabilities = [\"deny\"]\n}\n",
            formatted);
    }

    [Fact]
    public void AlignsConsecutiveAttributesAndNestedMaps()
    {
        var formatted = PolicyFormatter.Format("""
            path "secret/data/app" {
            capabilities = ["create"]
                    max_wrapping_ttl = "1h"
            allowed_parameters = { "*" = [] , "region" = ["eu-*", "us-*"] }
            }
            """);

        Assert.Equal(
            "path \"secret/data/app\" {\n" +
            "  capabilities     = [\"create\"]\n" +
            "  max_wrapping_ttl = \"1h\"\n" +
            "  allowed_parameters = {\n" +
            "    \"*\"      = []\n" +
            "    \"region\" = [\"eu-*\", \"us-*\"]\n" +
            "  }\n" +
            "}\n",
            formatted);
    }

    [Fact]
    public void KeepsCommentsAndOneBlankLine()
    {
        var formatted = PolicyFormatter.Format(
            "# who may read\npath \"a\" { # opening\n  capabilities = [\"read\"] // why\n\n\n\n  /* legacy\n     form */\n  policy = \"read\"\n  # end of block\n}\n// trailer\n");

        Assert.Equal(
            "# who may read\n" +
            "path \"a\" {\n" +
            "  # opening\n" +
            "  capabilities = [\"read\"] // why\n" +
            "\n" +
            "  /* legacy\n     form */\n" +
            "  policy = \"read\"\n" +
            "  # end of block\n" +
            "}\n" +
            "\n" +
            "// trailer\n",
            formatted);
    }

    [Fact]
    public void MultilineListsStayMultilineWithTrailingCommas()
    {
        var formatted = PolicyFormatter.Format("path \"a\" {\n capabilities = [\n\"read\", # r\n  \"list\"\n ]\n}\n");

        Assert.Equal("path \"a\" {\n  capabilities = [\n    \"read\", # r\n    \"list\",\n  ]\n}\n", formatted);
    }

    [Theory]
    [InlineData("path \"a\" {\n  capabilities = [\"read\"]\n}\n")]
    [InlineData("name = \"ops\"\n\npath \"a/+/b\" {\n  capabilities        = [\"read\"]\n  required_parameters = [\"x\"]\n}\n")]
    [InlineData("path \"{{identity.entity.id}}/*\" {\n  capabilities = [\"create\", \"sudo\"]\n  denied_parameters {\n    \"*\" = []\n  }\n}\n")]
    public void CanonicalTextIsLeftAsItIs(string canonical)
    {
        Assert.Equal(canonical, PolicyFormatter.Format(canonical));
    }

    [Fact]
    public void FormattingTwiceChangesNothing()
    {
        var messy = "#c\npath  \"x\"{capabilities=[\n\"read\"\n]\n  allowed_parameters={\"a\"=[\"1\"]}\nmin_wrapping_ttl=300 # seconds\n}\n\n\n\npath \"y\" {}";

        var once = PolicyFormatter.Format(messy);

        Assert.Equal(once, PolicyFormatter.Format(once));
    }

    [Theory]
    [InlineData("path \"a\" {\n  capabilities = [\"raed\"]\n}", "line 2: path \"a\": invalid capability \"raed\"")]
    [InlineData("path \"a\" {\n  capabilties = [\"read\"]\n}", "line 2: path \"a\": invalid key \"capabilties\"")]
    [InlineData("path \"a\" {\n  policy = \"admin\"\n}", "invalid policy \"admin\"")]
    [InlineData("secrets \"a\" {\n}", "line 1: invalid key \"secrets\"")]
    [InlineData("path {\n}", "a path block needs exactly one quoted path pattern")]
    [InlineData("path \"a\" {\n  capabilities = [\"read\"]\n", "missing '}'")]
    [InlineData("path \"a\" {\n  capabilities = [\"read\" \"list\"]\n}", "line 2: expected ',' or ']'")]
    [InlineData("path \"a {\n}", "line 1: unterminated string")]
    [InlineData("path \"a\" {\n  capabilities = \"read\"\n}", "\"capabilities\" must be a list of strings")]
    [InlineData("path \"a\" {\n  capabilities = [\"read\"] ; \n}", "unexpected character ';'")]
    [InlineData("{\"path\": {}}", "JSON policies are not supported")]
    [InlineData("path \"a\" {\n  policy = <<EOT\nread\nEOT\n}", "heredoc")]
    public void MalformedPoliciesAreRefusedWithTheReason(string text, string reason)
    {
        var error = Assert.Throws<PolicyFormatException>(() => PolicyFormatter.Format(text));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task FmtCommandRewritesTheFileInPlace()
    {
        var file = _directory.PathOf("p.hcl");
        File.WriteAllText(file, "path \"a\" {\ncapabilities = [\"read\"]\n}");

        var result = await CliRun.RunAsync(["policy", "fmt", file]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Success! Formatted policy: {file}", result.Stdout.TrimEnd());
        Assert.Equal("path \"a\" {\n  capabilities = [\"read\"]\n}\n", File.ReadAllText(file));
    }

    [Fact]
    public async Task FmtCommandLeavesAMalformedFileUntouched()
    {
        var file = _directory.PathOf("bad.hcl");
        const string original = "path \"a\" {\ncapabilities = [\"read\", \"fly\"]\n}";
        File.WriteAllText(file, original);
        var written = File.GetLastWriteTimeUtc(file);

        var result = await CliRun.RunAsync(["policy", "fmt", file]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Failed to parse policy {file}: line 2: path \"a\": invalid capability \"fly\"", result.Stderr.TrimEnd());
        Assert.Equal(original, File.ReadAllText(file));
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task FmtCommandExpandsTildeToHome()
    {
        File.WriteAllText(_directory.PathOf("p.hcl"), "path \"a\" {capabilities=[\"read\"]}");

        var result = await CliRun.RunAsync(["policy", "fmt", "~/p.hcl"], new Dictionary<string, string> { ["HOME"] = _directory.Path });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("path \"a\" {\n  capabilities = [\"read\"]\n}\n", File.ReadAllText(_directory.PathOf("p.hcl")));
    }

    [Fact]
    public async Task FmtCommandReportsAMissingFile()
    {
        var result = await CliRun.RunAsync(["policy", "fmt", _directory.PathOf("none.hcl")]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Error reading source file:", result.Stderr);
    }

    [Fact]
    public async Task FmtCommandTakesNoConnectionFlags()
    {
        var result = await CliRun.RunAsync(["policy", "fmt", "-address=http://x", "p.hcl"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("flag provided but not defined: -address", result.Stderr);
    }
}
