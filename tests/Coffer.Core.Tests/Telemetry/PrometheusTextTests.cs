using System.Text;
using Coffer.Core.Telemetry;

namespace Coffer.Core.Tests.Telemetry;

public class PrometheusTextTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("two\nlines", "two\\nlines")]
    [InlineData("tab\tand unicode é", "tab\tand unicode é")]
    public void LabelValues_EscapeBackslashQuoteAndNewlineOnly(string value, string expected)
    {
        var builder = new StringBuilder();

        PrometheusText.AppendEscapedLabelValue(builder, value);

        Assert.Equal(expected, builder.ToString());
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(0.0005, "0.0005")]
    [InlineData(2.5, "2.5")]
    [InlineData(1e21, "1E+21")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Values_UseInvariantShortestFormAndPrometheusSpellingsOfSpecialValues(double value, string expected)
    {
        Assert.Equal(expected, PrometheusText.FormatValue(value));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("_private", true)]
    [InlineData("mount_point2", true)]
    [InlineData("", false)]
    [InlineData("2x", false)]
    [InlineData("with:colon", false)]
    [InlineData("with-dash", false)]
    public void LabelNames_FollowTheLabelGrammar(string name, bool valid)
    {
        Assert.Equal(valid, PrometheusText.IsValidLabelName(name));
    }
}
