using Coffer.Cli.Flags;

namespace Coffer.Cli.Tests;

public class FlagTypesTests
{
    [Theory]
    [InlineData("300", 300)]
    [InlineData("-1", -1)]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("0", 0)]
    [InlineData("+5m", 300)]
    [InlineData("-2m", -120)]
    public void DurationsParseLikeVault(string text, long seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5 m")]
    [InlineData("5y")]
    [InlineData("h")]
    [InlineData("1h-")]
    public void InvalidDurationsAreRejected(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(90, "1m30s")]
    [InlineData(3600, "1h0m0s")]
    [InlineData(3630, "1h0m30s")]
    [InlineData(2764800, "768h0m0s")]
    [InlineData(-120, "-2m0s")]
    public void DurationsPrintLikeGo(long seconds, string text)
    {
        Assert.Equal(text, GoDuration.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void SubSecondDurationsPrintLikeGo()
    {
        Assert.Equal("1.5s", GoDuration.Format(TimeSpan.FromMilliseconds(1500)));
        Assert.Equal("250ms", GoDuration.Format(TimeSpan.FromMilliseconds(250)));
        Assert.Equal(1, GoDuration.WholeSeconds(TimeSpan.FromMilliseconds(1999)));
    }

    [Fact]
    public void DurationFlagKeepsTheTypedText()
    {
        var flags = new FlagSet();
        var ttl = flags.AddDuration("ttl", "");
        var unset = flags.AddDuration("period", "");

        flags.Parse(["-ttl", " 90m "]);

        Assert.Equal(TimeSpan.FromMinutes(90), ttl.Value);
        Assert.Equal("90m", ttl.Text);
        Assert.Equal("1h30m0s", ttl.GoTextIfSet);
        Assert.Null(unset.GoTextIfSet);
    }

    [Fact]
    public void EmptyDurationFlagMeansZero()
    {
        var flags = new FlagSet();
        var wrapTtl = flags.AddDuration("wrap-ttl", "");

        flags.Parse(["-wrap-ttl="]);

        Assert.True(wrapTtl.IsSet);
        Assert.Equal(TimeSpan.Zero, wrapTtl.Value);
        Assert.Equal("", wrapTtl.Text);
    }

    [Fact]
    public void DurationFlagRejectsNonsense()
    {
        var flags = new FlagSet();
        flags.AddDuration("ttl", "");

        var error = Assert.Throws<FlagParseException>(() => flags.Parse(["-ttl=later"]));

        Assert.Equal("invalid value \"later\" for flag -ttl: time: invalid duration \"later\"", error.Message);
    }

    [Fact]
    public void StringListFlagCollectsEveryOccurrenceInOrder()
    {
        var flags = new FlagSet();
        var policies = flags.AddStringList("policy", "");

        var rest = flags.Parse(["-policy=a", "--policy", "b", "-policy= c ", "positional"]);

        Assert.Equal(["a", "b", "c"], policies.Values);
        Assert.Equal(["positional"], rest);
    }

    [Fact]
    public void KeyValueFlagSplitsOnTheFirstEqualsAndLastValueWins()
    {
        var flags = new FlagSet();
        var metadata = flags.AddKeyValue("metadata", "");

        flags.Parse(["-metadata=a=1", "-metadata", "b=x=y", "-metadata=a=2", "-metadata=empty="]);

        Assert.Equal(
            [KeyValuePair.Create("a", "2"), KeyValuePair.Create("b", "x=y"), KeyValuePair.Create("empty", "")],
            metadata.Pairs);
    }

    [Fact]
    public void KeyValueFlagWithoutEqualsIsAnError()
    {
        var flags = new FlagSet();
        flags.AddKeyValue("metadata", "");

        var error = Assert.Throws<FlagParseException>(() => flags.Parse(["-metadata=oops"]));

        Assert.Equal("invalid value \"oops\" for flag -metadata: missing = in KV pair: \"oops\"", error.Message);
    }

    [Fact]
    public void BooleanWithTrueDefaultCanBeSwitchedOff()
    {
        var flags = new FlagSet();
        var renewable = flags.AddBool("renewable", true, "");
        var other = new FlagSet().AddBool("renewable", true, "");

        flags.Parse(["-renewable=false"]);

        Assert.False(renewable.Value);
        Assert.True(other.Value);
    }
}
