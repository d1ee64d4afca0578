using Coffer.Core.Engines.Database;
using Npgsql;

namespace Coffer.Core.Tests.Database;

public sealed class PostgresConnectionUrlTests
{
    [Fact]
    public void UrlFormFillsCredentialsAfterParsing()
    {
        var builder = PostgresConnectionUrl.Build(
            "postgresql://{{username}}:{{password}}@db.example:6543/app?sslmode=require&application_name=x", "admin", "p@ss/w:rd");
        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("app", builder.Database);
        Assert.Equal("admin", builder.Username);
        Assert.Equal("p@ss/w:rd", builder.Password);
        Assert.Equal(SslMode.Require, builder.SslMode);
    }

    [Fact]
    public void UrlWithLiteralEscapedCredentialsIsDecoded()
    {
        var builder = PostgresConnectionUrl.Build("postgres://bob:s%40cret@127.0.0.1/postgres", "", "");
        Assert.Equal("bob", builder.Username);
        Assert.Equal("s@cret", builder.Password);
        Assert.Equal(5432, builder.Port);
    }

    [Fact]
    public void KeyValueFormIsParsed()
    {
        var builder = PostgresConnectionUrl.Build("host=127.0.0.1 port=5433 user={{username}} password='{{password}}' dbname=app sslmode=disable", "u", "a b");
        Assert.Equal("127.0.0.1", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("u", builder.Username);
        Assert.Equal("a b", builder.Password);
        Assert.Equal("app", builder.Database);
        Assert.Equal(SslMode.Disable, builder.SslMode);
    }

    [Theory]
    [InlineData("postgres://u:p@host:notaport/db")]
    [InlineData("postgres://u:p@:5432/db")]
    [InlineData("just some text")]
    [InlineData("host=h sslmode=sometimes")]
    public void MalformedUrlsAreRefused(string url)
    {
        Assert.ThrowsAny<FormatException>(() => PostgresConnectionUrl.Build(url, "u", "p"));
    }
}
