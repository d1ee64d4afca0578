using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Engines.Database;

namespace Coffer.Core.Tests.Database;

public sealed class PostgresStatementsTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["name"] = "v-root-app-X-1",
        ["password"] = "pw-1",
        ["expiration"] = "2030-01-02 03:04:05+0000",
    };

    [Fact]
    public void RenderFillsKnownPlaceholdersAndKeepsUnknownOnes()
    {
        var sql = PostgresStatements.Render("CREATE ROLE \"{{name}}\" PASSWORD '{{ password }}' VALID UNTIL '{{expiration}}' -- {{other}}", Values);
        Assert.Equal("CREATE ROLE \"v-root-app-X-1\" PASSWORD 'pw-1' VALID UNTIL '2030-01-02 03:04:05+0000' -- {{other}}", sql);
    }

    [Fact]
    public void RenderDoesNotExpandPlaceholdersInsideValues()
    {
        var values = new Dictionary<string, string> { ["name"] = "{{password}}", ["password"] = "secret" };
        Assert.Equal("{{password}}/secret", PostgresStatements.Render("{{name}}/{{password}}", values));
    }

    [Fact]
    public void SplitSeparatesStatementsAndDropsBlanks()
    {
        Assert.Equal(["CREATE ROLE a", "GRANT x TO a"], PostgresStatements.Split("CREATE ROLE a;\n GRANT x TO a; ;  "));
    }

    [Fact]
    public void SplitKeepsSemicolonsInsideQuotesCommentsAndDollarBodies()
    {
        var sql = """
            CREATE ROLE "a;b" PASSWORD 'x;y''z';
            -- comment; with semicolon
            DO $$ BEGIN PERFORM 1; PERFORM 2; END $$;
            DO $body$ BEGIN RAISE NOTICE 'a;b'; END $body$;
            /* block; comment */ SELECT 1
            """;
        var statements = PostgresStatements.Split(sql);
        Assert.Equal(4, statements.Count);
        Assert.Equal("CREATE ROLE \"a;b\" PASSWORD 'x;y''z'", statements[0]);
        Assert.StartsWith("-- comment; with semicolon", statements[1]);
        Assert.EndsWith("DO $$ BEGIN PERFORM 1; PERFORM 2; END $$", statements[1]);
        Assert.Equal("DO $body$ BEGIN RAISE NOTICE 'a;b'; END $body$", statements[2]);
        Assert.Equal("/* block; comment */ SELECT 1", statements[3]);
    }

    [Fact]
    public void SplitTreatsPositionalParametersAsPlainText()
    {
        Assert.Equal(["SELECT $1", "SELECT 2"], PostgresStatements.Split("SELECT $1; SELECT 2"));
    }

    [Fact]
    public void ReadAcceptsAListOrOneStringWithoutSplittingOnCommas()
    {
        var data = JsonNode.Parse("""{"a":["GRANT SELECT, INSERT ON t TO x;", "  "],"b":"GRANT SELECT, INSERT ON t TO x;","c":""}""")!.AsObject();
        Assert.Equal(["GRANT SELECT, INSERT ON t TO x;"], PostgresStatements.Read(data, "a"));
        Assert.Equal(["GRANT SELECT, INSERT ON t TO x;"], PostgresStatements.Read(data, "b"));
        Assert.Empty(PostgresStatements.Read(data, "c")!);
        Assert.Null(PostgresStatements.Read(data, "missing"));
    }

    [Fact]
    public void ReadRefusesOtherShapes()
    {
        var data = JsonNode.Parse("""{"a":[1],"b":{"x":1},"c":5}""")!.AsObject();
        Assert.Throws<CofferError>(() => PostgresStatements.Read(data, "a"));
        Assert.Throws<CofferError>(() => PostgresStatements.Read(data, "b"));
        Assert.Throws<CofferError>(() => PostgresStatements.Read(data, "c"));
    }

    [Fact]
    public void ExpirationUsesPostgresTimestampWithOffset()
    {
        var when = new DateTimeOffset(2030, 1, 2, 5, 4, 5, TimeSpan.FromHours(2));
        Assert.Equal("2030-01-02 03:04:05+0000", PostgresStatements.FormatExpiration(when));
    }

    [Fact]
    public void QuotingDoublesInnerQuotes()
    {
        Assert.Equal("\"a\"\"b\"", PostgresStatements.QuoteIdentifier("a\"b"));
        Assert.Equal("'a''b'", PostgresStatements.QuoteLiteral("a'b"));
    }
}
