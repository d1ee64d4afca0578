using Coffer.Core.Hcl;

namespace Coffer.Core.Tests.Hcl;

public class HclNumberTests
{
    private static HclNumber NumberOf(string literal) =>
        Assert.IsType<HclNumber>(Assert.Single(HclParser.Parse("n = " + literal, "n.hcl").Attributes).Value);

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("-17", -17L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0XfF", 255L)]
    [InlineData("-0x10", -16L)]
    [InlineData("0755", 493L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("-0x8000000000000000", long.MinValue)]
    public void ReadsIntegers(string literal, long expected)
    {
        var number = NumberOf(literal);

        Assert.Equal(literal, number.Text);
        Assert.True(number.IsInteger);
        Assert.True(number.TryGetInt64(out var value));
        Assert.Equal(expected, value);
        Assert.Equal(expected, number.AsDouble());
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.25", -0.25)]
    [InlineData("1e3", 1000.0)]
    [InlineData("2.5E-2", 0.025)]
    [InlineData("-3e+2", -300.0)]
    [InlineData("0.0", 0.0)]
    public void ReadsFloatsWhichAreNotInt64(string literal, double expected)
    {
        var number = NumberOf(literal);

        Assert.False(number.IsInteger);
        Assert.False(number.TryGetInt64(out _));
        Assert.Equal(expected, number.AsDouble(), 12);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("0x10000000000000000")]
    [InlineData("99999999999999999999999999")]
    public void ReportsOverflowInsteadOfWrapping(string literal)
    {
        var number = NumberOf(literal);

        Assert.False(number.TryGetInt64(out _));
        Assert.True(number.AsDouble() > 9e18 || number.AsDouble() < -9e18);
    }

    [Fact]
    public void ReadsNegativeNumbersInLists()
    {
        var list = Assert.IsType<HclList>(HclParser.Parse("l = [1,-2, -3.5]", "n.hcl").Attributes[0].Value);

        Assert.Equal(["1", "-2", "-3.5"], list.Items.Select(i => Assert.IsType<HclNumber>(i).Text));
    }

    [Fact]
    public void RejectsNonNumbersBuiltByHand()
    {
        var notNumber = new HclNumber("abc", new HclPosition("x", 1, 1));

        Assert.False(notNumber.TryGetInt64(out _));
        Assert.Throws<FormatException>(() => notNumber.AsDouble());
    }
}
