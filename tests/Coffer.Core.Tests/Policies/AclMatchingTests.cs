using Coffer.Core.Access.Policies;
using Coffer.Core.Routing;
using static Coffer.Core.Tests.Policies.PolicyTestSupport;

namespace Coffer.Core.Tests.Policies;

/// <summary>
/// Which single pattern governs a path (spec §3.8 step 3). Each tie-break case pits two patterns that are equal on
/// every earlier rule and where the later rules would pick the other one, and runs in both policy orders.
/// </summary>
public sealed class AclMatchingTests
{
    private static string Block(string path, string capability) =>
        $$"""path "{{path}}" { capabilities = ["{{capability}}"] }""";

    /// <summary>Compiles the two patterns in both orders and returns the capabilities each ACL reports.</summary>
    private static (IReadOnlyList<string> First, IReadOnlyList<string> Swapped) Both(string winner, string loser, string path)
    {
        var forward = AclOf(Block(winner, "read"), Block(loser, "update"));
        var backward = AclOf(Block(loser, "update"), Block(winner, "read"));
        return (forward.Capabilities(path), backward.Capabilities(path));
    }

    private static void AssertWinner(string winner, string loser, string path)
    {
        var (first, swapped) = Both(winner, loser, path);
        Assert.Equal(["read"], first);
        Assert.Equal(["read"], swapped);
    }

    [Fact]
    public void AnExactPatternIsUsedAloneEvenWhenAGlobGrantsMore()
    {
        var acl = AclOf(Block("secret/a", "read"), """path "secret/*" { capabilities = ["read", "update"] }""");

        Assert.True(acl.Check("secret/a", Operation.Read).Allowed);
        Assert.False(acl.Check("secret/a", Operation.Update).Allowed);
        Assert.True(acl.Check("secret/b", Operation.Update).Allowed);
    }

    [Fact]
    public void AmongPlainPrefixesTheLongestWins()
    {
        AssertWinner("secret/ab*", "secret/a*", "secret/abc");
        AssertWinner("secret/a/*", "secret/*", "secret/a/b");
    }

    [Fact]
    public void TieBreakOne_TheLaterFirstWildcardWinsEvenOverANonPrefix()
    {
        // '*' of the first sits at 9, '+' of the second at 7. Rule two (non-prefix wins) would pick the second.
        AssertWinner("secret/a/*", "secret/+/b", "secret/a/b");
        // Both segment patterns: the one whose first '+' comes later wins, though it has more '+' segments.
        AssertWinner("secret/a/+/+", "secret/+/b/c", "secret/a/b/c");
    }

    [Fact]
    public void TieBreakTwo_NotEndingInStarBeatsEndingInStar()
    {
        // Same first wildcard (7). Rule three (fewer '+') would pick the prefix pattern, which has one '+' to two.
        AssertWinner("secret/+/+", "secret/+/b*", "secret/x/b");
    }

    [Fact]
    public void TieBreakThree_FewerPlusSegmentsWins()
    {
        // Same first wildcard, both prefixes. Rule four (longer) would pick the two-'+' pattern.
        AssertWinner("secret/+/y/c*", "secret/+/+/ccc*", "secret/x/y/cccc");
    }

    [Fact]
    public void TieBreakFour_LongerWins()
    {
        // Same first wildcard, neither a prefix, two '+' each. Rule five (lexicographically larger) would pick the
        // shorter one, since '+' sorts before 'y'.
        AssertWinner("secret/+/+/zz", "secret/+/y/+", "secret/x/y/zz");
    }

    [Fact]
    public void TieBreakFive_LexicographicallyLargerWins()
    {
        AssertWinner("secret/+/y/+", "secret/+/+/z", "secret/x/y/z");
    }

    [Fact]
    public void OnlyTheWinningPatternApplies()
    {
        var acl = AclOf(Block("secret/*", "read"), Block("secret/team/*", "list"));
        Assert.False(acl.Check("secret/team/x", Operation.Read).Allowed);
        Assert.True(acl.Check("secret/team/x", Operation.List).Allowed);
    }

    [Fact]
    public void PlusMatchesExactlyOneSegment()
    {
        var acl = AclOf(Block("secret/+/config", "read"));

        Assert.True(acl.Check("secret/app/config", Operation.Read).Allowed);
        Assert.False(acl.Check("secret/config", Operation.Read).Allowed);
        Assert.False(acl.Check("secret/a/b/config", Operation.Read).Allowed);
        Assert.False(acl.Check("secret/app/config/x", Operation.Read).Allowed);
    }

    [Fact]
    public void PlusRepeatsAndCombinesWithATrailingStar()
    {
        var acl = AclOf(Block("+/+/team*", "read"));

        Assert.True(acl.Check("kv/data/teamb", Operation.Read).Allowed);
        Assert.True(acl.Check("kv/data/team/deeper/still", Operation.Read).Allowed);
        Assert.False(acl.Check("kv/data/other", Operation.Read).Allowed);
        Assert.False(acl.Check("kv/team", Operation.Read).Allowed);
    }

    [Fact]
    public void APlusInsideASegmentIsLiteral()
    {
        var acl = AclOf(Block("secret/a+b", "read"));
        Assert.True(acl.Check("secret/a+b", Operation.Read).Allowed);
        Assert.False(acl.Check("secret/axb", Operation.Read).Allowed);
    }

    [Fact]
    public void ListPathsEndInSlashAndAGlobMatchesTheFolderItself()
    {
        var acl = AclOf(Block("secret/*", "list"));

        Assert.True(acl.Check("secret/", Operation.List).Allowed);
        Assert.True(acl.Check("secret/team/", Operation.List).Allowed);
        Assert.False(acl.Check("secret", Operation.List).Allowed);
    }

    [Fact]
    public void AnExactPatternWithoutSlashAlsoGovernsItsListing()
    {
        // Vault's AllowOperation retries exact rules without the trailing '/' for LIST (see the report for the
        // difference from spec §3.8 item 6); only LIST gets this, and never deeper paths.
        var acl = AclOf(Block("secret/foo", "list"));

        Assert.True(acl.Check("secret/foo/", Operation.List).Allowed);
        Assert.False(acl.Check("secret/foo/", Operation.Read).Allowed);
        Assert.False(acl.Check("secret/foo/bar/", Operation.List).Allowed);
    }

    [Fact]
    public void AnExactPatternWithSlashMatchesOnlyTheFolder()
    {
        var acl = AclOf(Block("secret/foo/", "list"));
        Assert.True(acl.Check("secret/foo/", Operation.List).Allowed);
        Assert.False(acl.Check("secret/foo", Operation.List).Allowed);
    }

    [Fact]
    public void ALeadingSlashIsIgnoredInPatternsAndPaths()
    {
        var acl = AclOf(Block("/secret/a", "read"));
        Assert.True(acl.Check("secret/a", Operation.Read).Allowed);
        Assert.True(acl.Check("/secret/a", Operation.Read).Allowed);
    }

    [Fact]
    public void NothingMatchingMeansDeny()
    {
        var acl = AclOf(Block("secret/*", "read"));
        var decision = acl.Check("other/x", Operation.Read);

        Assert.False(decision.Allowed);
        Assert.NotNull(decision.DenialReason);
        Assert.Equal(["deny"], acl.Capabilities("other/x"));
    }

    [Fact]
    public void AStarAloneMatchesEverything()
    {
        var acl = AclOf(Block("*", "read"));
        Assert.True(acl.Check("anything/at/all", Operation.Read).Allowed);
        Assert.True(acl.Check("", Operation.Read).Allowed);
    }
}
