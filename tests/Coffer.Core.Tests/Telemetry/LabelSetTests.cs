using Coffer.Core.Telemetry;

namespace Coffer.Core.Tests.Telemetry;

public class LabelSetTests
{
    [Fact]
    public void Create_SortsPairsByKey()
    {
        var set = LabelSet.Create([("z", "1"), ("a", "2"), ("m", "3")]);

        Assert.Equal(["a", "m", "z"], set.Pairs.ToArray().Select(p => p.Key));
    }

    [Fact]
    public void Hash_IsTheSameForEveryOrderAndForTheCreatedSet()
    {
        (string Key, string Value)[] forward = [("a", "1"), ("b", "2"), ("c", "3")];
        (string Key, string Value)[] backward = [("c", "3"), ("b", "2"), ("a", "1")];

        int hash = LabelSet.ComputeHash(forward);

        Assert.Equal(hash, LabelSet.ComputeHash(backward));
        Assert.Equal(hash, LabelSet.Create(backward).Hash);
        Assert.Equal(hash, LabelSetComparer.Instance.GetHashCode(forward.AsSpan()));
    }

    [Fact]
    public void Matches_RequiresTheSamePairs()
    {
        var set = LabelSet.Create([("a", "1"), ("b", "2")]);

        Assert.True(set.Matches([("b", "2"), ("a", "1")]));
        Assert.False(set.Matches([("a", "1")]));
        Assert.False(set.Matches([("a", "1"), ("b", "3")]));
        Assert.False(set.Matches([("a", "1"), ("a", "1")]));
        Assert.False(set.Matches([("a", "1"), ("b", "2"), ("c", "3")]));
    }

    [Fact]
    public void CompareTo_OrdersByKeysThenValuesThenLength()
    {
        var sets = new[]
        {
            LabelSet.Create([("b", "1")]),
            LabelSet.Create([("a", "2")]),
            LabelSet.Create([("a", "1"), ("b", "1")]),
            LabelSet.Empty,
            LabelSet.Create([("a", "1")]),
        };

        var ordered = sets.Order().Select(s => string.Join(",", s.Pairs.ToArray().Select(p => $"{p.Key}={p.Value}")));

        Assert.Equal(["", "a=1", "a=1,b=1", "a=2", "b=1"], ordered);
    }
}
