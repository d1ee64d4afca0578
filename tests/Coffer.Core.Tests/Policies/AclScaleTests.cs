using Coffer.Core.Access.Policies;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Policies;

/// <summary>
/// The cost of a check must depend on the path, not on how many policies or patterns exist. Proven structurally by
/// counting what one lookup touches, never by timing.
/// </summary>
public sealed class AclScaleTests
{
    private const int PolicyCount = 1_000;

    private static Acl ThousandPolicies() => Acl.Compile(Enumerable.Range(0, PolicyCount).Select(i => PolicyParser.Parse($"team-{i}", $$"""
        path "secret/team{{i}}/*" { capabilities = ["read", "list"] }
        path "secret/+/team{{i}}/config" { capabilities = ["update"] }
        path "kv/data/app{{i}}" { capabilities = ["read"] }
        path "shared/app{{i}}*" { capabilities = ["read"] }
        """)));

    [Fact]
    public void AllPatternsAreCompiled()
    {
        var acl = ThousandPolicies();
        Assert.Equal(4 * PolicyCount, acl.Rules.Count);
        Assert.True(acl.Check("secret/team999/x", Operation.Read).Allowed);
        Assert.True(acl.Check("secret/any/team0/config", Operation.Update).Allowed);
        Assert.True(acl.Check("kv/data/app500", Operation.Read).Allowed);
        Assert.True(acl.Check("shared/app77-extra", Operation.Read).Allowed);
        Assert.False(acl.Check("secret/team1000/x", Operation.Read).Allowed);
    }

    [Fact]
    public void AnExactPathIsADictionaryHitThatTouchesNoPattern()
    {
        var acl = ThousandPolicies();
        var counters = new AclLookupCounters();

        var rule = acl.FindRule("kv/data/app500", isList: false, ref counters);

        Assert.Equal("kv/data/app500", rule!.Pattern.Text);
        Assert.Equal(0, counters.NodesVisited);
        Assert.Equal(0, counters.CandidatesExamined);
    }

    [Fact]
    public void AGlobLookupWalksOnlyThePathsOwnSegments()
    {
        var acl = ThousandPolicies();
        var counters = new AclLookupCounters();

        var rule = acl.FindRule("secret/team500/deep/er/path", isList: false, ref counters);

        Assert.Equal("secret/team500/*", rule!.Pattern.Text);
        // root -> "secret" -> "team500" / "+" branches: a handful of nodes, whatever the policy count.
        Assert.InRange(counters.NodesVisited, 1, 6);
        Assert.Equal(1, counters.CandidatesExamined);
    }

    [Fact]
    public void CompetingCandidatesAreOnlyThoseThatMatch()
    {
        var acl = ThousandPolicies();
        var counters = new AclLookupCounters();

        // "secret/team7/*" and "secret/+/team7/config" both match; the 998 other teams' patterns are never looked at.
        var rule = acl.FindRule("secret/team7/team7/config", isList: false, ref counters);

        Assert.Equal("secret/team7/*", rule!.Pattern.Text);
        Assert.Equal(2, counters.CandidatesExamined);
        Assert.InRange(counters.NodesVisited, 1, 8);
    }

    [Fact]
    public void PrefixCandidatesWithinOneSegmentCostItsLength()
    {
        var acl = ThousandPolicies();
        var counters = new AclLookupCounters();

        // "shared/app1*", "shared/app12*" and "shared/app123*" all match "app1234"; no other of the 1,000 is visited.
        var rule = acl.FindRule("shared/app1234", isList: false, ref counters);

        Assert.Equal("shared/app123*", rule!.Pattern.Text);
        Assert.Equal(3, counters.CandidatesExamined);
    }

    [Fact]
    public void TheWorkIsTheSameForOnePolicyAsForAThousand()
    {
        var small = Acl.Compile([PolicyParser.Parse("one", """path "secret/team500/*" { capabilities = ["read"] }""")]);
        var large = ThousandPolicies();
        var smallCounters = new AclLookupCounters();
        var largeCounters = new AclLookupCounters();

        small.FindRule("secret/team500/x", isList: false, ref smallCounters);
        large.FindRule("secret/team500/x", isList: false, ref largeCounters);

        Assert.Equal(smallCounters.CandidatesExamined, largeCounters.CandidatesExamined);
        // The large ACL may add the one "+" branch under "secret"; it never grows with the number of teams.
        Assert.InRange(largeCounters.NodesVisited, smallCounters.NodesVisited, smallCounters.NodesVisited + 2);
    }
}
