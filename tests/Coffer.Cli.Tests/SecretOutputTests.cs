using System.Text.Json.Nodes;
using Coffer.Cli.Output;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class SecretOutputTests
{
    [Fact]
    public void KvTableShowsRefreshIntervalThenSortedData()
    {
        var harness = new PrinterHarness();

        var code = harness.Printer.PrintSecret(SampleEnvelopes.Parse(SampleEnvelopes.KvRead));

        Assert.Equal(0, code);
        Assert.Equal(
            "Key                 Value\n" +
            "---                 -----\n" +
            "refresh_interval    768h\n" +
            "count               3\n" +
            "empty               n/a\n" +
            "foo                 bar\n" +
            "nested              map[a:[1 2] b:1]\n" +
            "ttl                 1m30s\n",
            harness.Stdout);
    }

    [Fact]
    public void LeasedSecretShowsLeaseRowsAndWarningsOnStderr()
    {
        var harness = new PrinterHarness();

        harness.Printer.PrintSecret(SampleEnvelopes.Parse(SampleEnvelopes.DynamicLease));

        Assert.Equal(
            "Key                Value\n" +
            "---                -----\n" +
            "lease_id           database/creds/ro/abc\n" +
            "lease_duration     1h\n" +
            "lease_renewable    true\n" +
            "password           pw\n" +
            "username           v-ro\n",
            harness.Stdout);
        Assert.Contains("* lease shortened", harness.Stderr);
    }

    [Fact]
    public void AuthResponseShowsTokenRows()
    {
        var harness = new PrinterHarness();

        harness.Printer.PrintSecret(SampleEnvelopes.Parse(SampleEnvelopes.Login));

        Assert.Equal(
            "Key                    Value\n" +
            "---                    -----\n" +
            "token                  s.login\n" +
            "token_accessor         acc-1\n" +
            "token_duration         1h\n" +
            "token_renewable        true\n" +
            "token_policies         [\"default\" \"ops\"]\n" +
            "identity_policies      []\n" +
            "policies               [\"default\" \"ops\"]\n" +
            "token_meta_username    bob\n",
            harness.Stdout);
    }

    [Fact]
    public void WrappedResponseShowsWrappingRows()
    {
        var harness = new PrinterHarness();

        harness.Printer.PrintSecret(SampleEnvelopes.Parse(SampleEnvelopes.Wrapped));

        Assert.Equal(
            "Key                              Value\n" +
            "---                              -----\n" +
            "wrapping_token:                  s.wrapping\n" +
            "wrapping_accessor:               wacc\n" +
            "wrapping_token_ttl:              5m\n" +
            "wrapping_token_creation_time:    2024-05-01 10:00:00 +0000 UTC\n" +
            "wrapping_token_creation_path:    auth/approle/role/r/secret-id\n",
            harness.Stdout);
    }

    [Fact]
    public void JsonShowsTheEnvelopeInVaultOrderWithSortedData()
    {
        var harness = new PrinterHarness(OutputFormat.Json);

        harness.Printer.PrintSecret(SampleEnvelopes.Parse(SampleEnvelopes.KvRead));

        Assert.Equal(
            """
            {
              "request_id": "req-1",
              "lease_id": "",
              "lease_duration": 2764800,
              "renewable": false,
              "data": {
                "count": 3,
                "empty": "",
                "foo": "bar",
                "nested": {
                  "a": [
                    1,
                    2
                  ],
                  "b": 1
                },
                "ttl": 90
              },
              "warnings": null,
              "mount_type": "kv"
            }

            """.ReplaceLineEndings("\n"),
            harness.Stdout.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("foo", "bar")]
    [InlineData("count", "3")]
    [InlineData("nested", "{\"a\":[1,2],\"b\":1}")]
    [InlineData("refresh_interval", "2764800")]
    [InlineData("request_id", "req-1")]
    public void FieldPrintsTheRawValueWithoutNewlineWhenPiped(string field, string expected)
    {
        var harness = new PrinterHarness(field: field);

        var code = harness.Printer.PrintSecret(SampleEnvelopes.Parse(SampleEnvelopes.KvRead));

        Assert.Equal(0, code);
        Assert.Equal(expected, harness.Stdout);
    }

    [Fact]
    public void FieldGetsATrailingNewlineAtATerminal()
    {
        var harness = new PrinterHarness(field: "foo", stdoutIsTerminal: true);

        harness.Printer.PrintSecret(SampleEnvelopes.Parse(SampleEnvelopes.KvRead));

        Assert.Equal("bar" + Environment.NewLine, harness.Stdout);
    }

    [Fact]
    public void FieldWithJsonFormatPrintsJson()
    {
        var harness = new PrinterHarness(OutputFormat.Json, field: "foo");

        harness.Printer.PrintSecret(SampleEnvelopes.Parse(SampleEnvelopes.KvRead));

        Assert.Equal("\"bar\"", harness.Stdout);
    }

    [Fact]
    public void MissingFieldIsAnErrorWithExitOne()
    {
        var harness = new PrinterHarness(field: "nope");

        var code = harness.Printer.PrintSecret(SampleEnvelopes.Parse(SampleEnvelopes.KvRead));

        Assert.Equal(1, code);
        Assert.Equal("", harness.Stdout);
        Assert.Contains("Field \"nope\" not present in secret", harness.Stderr);
    }

    [Theory]
    [InlineData("token", "s.login")]
    [InlineData("token_accessor", "acc-1")]
    [InlineData("token_duration", "3600")]
    [InlineData("token_renewable", "true")]
    [InlineData("token_policies", "[\"default\",\"ops\"]")]
    public void AuthFieldsMapToTheAuthBlock(string field, string expected)
    {
        var value = RawField.Resolve(SampleEnvelopes.Parse(SampleEnvelopes.Login), field);

        Assert.Equal(expected, value is JsonValue scalar && scalar.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? scalar.GetValue<string>()
            : value!.ToJsonString());
    }

    [Theory]
    [InlineData("wrapping_token", "s.wrapping")]
    [InlineData("wrapping_accessor", "wacc")]
    [InlineData("wrapping_token_creation_path", "auth/approle/role/r/secret-id")]
    public void WrappingFieldsMapToWrapInfo(string field, string expected)
    {
        Assert.Equal(expected, RawField.Resolve(SampleEnvelopes.Parse(SampleEnvelopes.Wrapped), field)!.GetValue<string>());
    }

    [Fact]
    public void TokenOnAWrappedResponseIsTheWrappingToken()
    {
        Assert.Equal("s.wrapping", RawField.Resolve(SampleEnvelopes.Parse(SampleEnvelopes.Wrapped), "token")!.GetValue<string>());
    }

    [Fact]
    public void DataFieldUnwrapsKvVersionTwo()
    {
        var kv2 = SampleEnvelopes.Parse("""{"data":{"data":{"k":"v"},"metadata":{"version":1}}}""");

        Assert.Equal("""{"k":"v"}""", RawField.Resolve(kv2, "data")!.ToJsonString());
    }
}
