using System.Net;
using Coffer.Core.Auth;

namespace Coffer.Core.Tests.Auth;

public sealed class CidrBlockTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("10.1.2.3/8", "10.9.9.9", true)]
    [InlineData("192.168.1.0/25", "192.168.1.127", true)]
    [InlineData("192.168.1.0/25", "192.168.1.128", false)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1/32", "127.0.0.2", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::1/128", "::1", true)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.7", true)]
    [InlineData("10.0.0.0/8", "::1", false)]
    [InlineData("2001:db8::/32", "10.0.0.1", false)]
    public void MatchesAddresses(string cidr, string address, bool expected)
    {
        Assert.True(CidrBlock.TryParse(cidr, out var block));
        Assert.True(CidrBlock.TryParseAddress(address, out var parsed));
        Assert.Equal(expected, block.Contains(parsed));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0/8")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("banana")]
    [InlineData("")]
    [InlineData("167772161")]
    [InlineData("300.0.0.1")]
    [InlineData("2001:db8::/129")]
    public void RejectsMalformedBlocks(string text) => Assert.False(CidrBlock.TryParse(text, out _));

    [Theory]
    [InlineData("127.0.0.1/32", "127.0.0.1")]
    [InlineData("128.252.0.0/16", "128.252.0.0/16")]
    [InlineData("::1/128", "::1")]
    [InlineData("2001:DB8::/32", "2001:db8::/32")]
    public void RendersAsVaultDoes(string text, string rendered)
    {
        Assert.True(CidrBlock.TryParse(text, out var block));
        Assert.Equal(rendered, block.ToString());
    }

    [Fact]
    public void ListsAllowOnlyMatchingParsableAddresses()
    {
        Assert.True(CidrList.Allows([], null));
        Assert.True(CidrList.Allows(["10.0.0.0/8", "192.168.0.0/16"], "192.168.3.4"));
        Assert.False(CidrList.Allows(["10.0.0.0/8"], "192.168.3.4"));
        Assert.False(CidrList.Allows(["10.0.0.0/8"], null));
        Assert.False(CidrList.Allows(["10.0.0.0/8"], "not-an-ip"));
    }

    [Fact]
    public void SubsetsAreCheckedBlockByBlock()
    {
        Assert.True(CidrList.IsSubset(["10.1.0.0/16", "10.2.3.4"], ["10.0.0.0/8"]));
        Assert.False(CidrList.IsSubset(["10.0.0.0/7"], ["10.0.0.0/8"]));
        Assert.False(CidrList.IsSubset(["11.0.0.1"], ["10.0.0.0/8"]));
        Assert.True(CidrBlock.TryParseAddress(" 10.0.0.1 ", out var trimmed));
        Assert.Equal(IPAddress.Parse("10.0.0.1"), trimmed);
    }
}
