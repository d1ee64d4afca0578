using Coffer.Cli.Flags;

namespace Coffer.Cli.Tests;

public class FlagSetTests
{
    private readonly FlagSet _flags = new();
    private readonly StringFlag _address;
    private readonly BoolFlag _force;
    private readonly IntFlag _shares;

    public FlagSetTests()
    {
        _address = _flags.AddString("address", "default-address", "server address");
        _force = _flags.AddBool("force", "force it", "f");
        _shares = _flags.AddInt("key-shares", 5, "shares", "n");
    }

    [Theory]
    [InlineData("-address=http://a")]
    [InlineData("--address=http://a")]
    [InlineData("-address", "http://a")]
    [InlineData("--address", "http://a")]
    public void StringFlagAcceptsEveryGoSpelling(params string[] args)
    {
        var positional = _flags.Parse(args);

        Assert.Empty(positional);
        Assert.Equal("http://a", _address.Value);
        Assert.True(_address.IsSet);
    }

    [Fact]
    public void UnsetFlagsKeepTheirDefaults()
    {
        _flags.Parse(["path"]);

        Assert.Equal("default-address", _address.Value);
        Assert.False(_address.IsSet);
        Assert.False(_force.Value);
        Assert.Equal(5, _shares.Value);
    }

    [Fact]
    public void ValueMayContainEqualsSigns()
    {
        _flags.Parse(["-address=http://a/?x=1"]);

        Assert.Equal("http://a/?x=1", _address.Value);
    }

    [Fact]
    public void SeparateValueIsTakenEvenWhenItLooksLikeAFlag()
    {
        _flags.Parse(["-address", "-weird"]);

        Assert.Equal("-weird", _address.Value);
    }

    [Theory]
    [InlineData("-f")]
    [InlineData("-force")]
    [InlineData("--force")]
    [InlineData("-force=true")]
    [InlineData("-f=1")]
    [InlineData("-force=T")]
    public void BooleanFlagTurnsOn(string arg)
    {
        _flags.Parse([arg]);

        Assert.True(_force.Value);
    }

    [Theory]
    [InlineData("-force=false")]
    [InlineData("-f=0")]
    [InlineData("--force=FALSE")]
    public void BooleanFlagCanBeTurnedOffExplicitly(string arg)
    {
        _flags.Parse([arg]);

        Assert.False(_force.Value);
        Assert.True(_force.IsSet);
    }

    [Fact]
    public void BooleanFlagNeverConsumesTheNextArgument()
    {
        var positional = _flags.Parse(["-f", "false"]);

        Assert.True(_force.Value);
        Assert.Equal(["false"], positional);
    }

    [Fact]
    public void InvalidBooleanIsAUsageError()
    {
        var error = Assert.Throws<FlagParseException>(() => _flags.Parse(["-force=yes"]));

        Assert.Equal("invalid boolean value \"yes\" for -force: parse error", error.Message);
    }

    [Theory]
    [InlineData("-key-shares=3")]
    [InlineData("-n=3")]
    [InlineData("-n", "3")]
    public void IntFlagAndItsAlias(params string[] args)
    {
        _flags.Parse(args);

        Assert.Equal(3, _shares.Value);
    }

    [Fact]
    public void InvalidIntIsAUsageError()
    {
        var error = Assert.Throws<FlagParseException>(() => _flags.Parse(["-key-shares=many"]));

        Assert.Equal("invalid value \"many\" for flag -key-shares: parse error", error.Message);
    }

    [Fact]
    public void UnknownFlagIsAUsageErrorNamingTheFlag()
    {
        var error = Assert.Throws<FlagParseException>(() => _flags.Parse(["-nope=1", "path"]));

        Assert.Equal("flag provided but not defined: -nope", error.Message);
    }

    [Fact]
    public void MissingValueIsAUsageError()
    {
        var error = Assert.Throws<FlagParseException>(() => _flags.Parse(["-address"]));

        Assert.Equal("flag needs an argument: -address", error.Message);
    }

    [Theory]
    [InlineData("---address=x")]
    [InlineData("-=x")]
    public void MalformedFlagIsAUsageError(string arg)
    {
        var error = Assert.Throws<FlagParseException>(() => _flags.Parse([arg]));

        Assert.StartsWith("bad flag syntax", error.Message);
    }

    [Fact]
    public void FlagsStopAtTheFirstPositionalArgument()
    {
        var positional = _flags.Parse(["-f", "secret/foo", "-address=x", "k=v"]);

        Assert.True(_force.Value);
        Assert.Equal("default-address", _address.Value);
        Assert.Equal(["secret/foo", "-address=x", "k=v"], positional);
    }

    [Fact]
    public void DoubleDashEndsFlagsAndIsDropped()
    {
        var positional = _flags.Parse(["--", "-f"]);

        Assert.False(_force.Value);
        Assert.Equal(["-f"], positional);
    }

    [Fact]
    public void LoneDashIsPositionalBecauseItMeansStdin()
    {
        var positional = _flags.Parse(["-f", "-", "x"]);

        Assert.Equal(["-", "x"], positional);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("-help")]
    [InlineData("--help")]
    public void HelpFlagsRequestHelp(string arg)
    {
        Assert.Throws<HelpRequestedException>(() => _flags.Parse([arg]));
    }

    [Fact]
    public void FlagsAfterPositionalArgumentsAreReportedAsMisplaced()
    {
        var misplaced = FlagSet.FindMisplacedFlags(["secret/foo", "-field=x", "-", "k=v"]);

        Assert.Equal(["-field=x"], misplaced);
    }

    [Fact]
    public void DefiningANameTwiceIsAProgrammingError()
    {
        Assert.Throws<InvalidOperationException>(() => _flags.AddBool("other", "dup", "f"));
    }
}
