using Coffer.Core.Telemetry;

namespace Coffer.Core.Tests.Telemetry;

public class MetricsRegistryValidationTests
{
    private readonly MetricsRegistry _registry = new(() => DateTimeOffset.UnixEpoch);

    [Fact]
    public void Constructor_RejectsANullClock()
    {
        Assert.Throws<ArgumentNullException>(() => new MetricsRegistry(null!));
    }

    [Fact]
    public void Names_MustNotBeNullOrEmpty()
    {
        Assert.Throws<ArgumentNullException>(() => _registry.IncrementCounter(null!));
        Assert.Throws<ArgumentException>(() => _registry.SetGauge("", 1));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Counter_RejectsIncrementsThatAreNegativeOrNotFinite(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _registry.IncrementCounter("c", value));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Gauge_RejectsValuesThatAreNotFinite(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _registry.SetGauge("g", value));
    }

    [Fact]
    public void Gauge_AcceptsNegativeValues()
    {
        _registry.SetGauge("g", -2.5);

        Assert.Contains("g -2.5\n", _registry.RenderPrometheus());
    }

    [Fact]
    public void Name_CannotChangeKind()
    {
        _registry.IncrementCounter("vault.x");

        Assert.Throws<InvalidOperationException>(() => _registry.SetGauge("vault.x", 1));
        Assert.Throws<InvalidOperationException>(() => _registry.ObserveDuration("vault.x", TimeSpan.Zero));
    }

    [Fact]
    public void Name_CannotChangeKindThroughANameThatSanitisesAlike()
    {
        _registry.IncrementCounter("vault.x");

        Assert.Throws<InvalidOperationException>(() => _registry.SetGauge("vault_x", 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has-dash")]
    [InlineData("has.dot")]
    [InlineData("9lives")]
    public void Labels_RejectInvalidNames(string key)
    {
        Assert.Throws<ArgumentException>(() => _registry.IncrementCounter("c", 1, (key, "v")));
    }

    [Fact]
    public void Labels_RejectARepeatedName()
    {
        Assert.Throws<ArgumentException>(() => _registry.IncrementCounter("c", 1, ("a", "1"), ("a", "2")));
        Assert.Throws<ArgumentException>(() => _registry.IncrementCounter("c", 1, ("a", "1"), ("a", "1")));
    }

    [Fact]
    public void Labels_RejectANullValue()
    {
        Assert.Throws<ArgumentException>(() => _registry.IncrementCounter("c", 1, ("a", null!)));
    }

    [Fact]
    public void Labels_RepeatedPairDoesNotMatchADifferentExistingSeries()
    {
        // Same length and every pair of the list present in the series would wrongly match {a, b}.
        _registry.IncrementCounter("c", 1, ("a", "1"), ("b", "2"));

        Assert.Throws<ArgumentException>(() => _registry.IncrementCounter("c", 1, ("a", "1"), ("a", "1")));
    }

    [Fact]
    public void Labels_LeIsReservedOnDurationsOnly()
    {
        Assert.Throws<ArgumentException>(() => _registry.ObserveDuration("d", TimeSpan.Zero, ("le", "1")));

        _registry.IncrementCounter("c", 1, ("le", "1"));
        Assert.Contains("c{le=\"1\"} 1\n", _registry.RenderPrometheus());
    }

    [Fact]
    public void Labels_NullArrayMeansNoLabels()
    {
        _registry.IncrementCounter("c", 1, null!);

        Assert.Contains("c 1\n", _registry.RenderPrometheus());
    }
}
