using System.Globalization;
using System.Text;

namespace Coffer.Core.Access;

/// <summary>Whole seconds written as Go prints a time.Duration (<c>768h0m0s</c>, <c>1m30s</c>), as Vault's warnings show them.</summary>
internal static class GoDurationText
{
    public static string Format(long seconds)
    {
        if (seconds == 0)
        {
            return "0s";
        }
        var text = new StringBuilder();
        if (seconds < 0)
        {
            text.Append('-');
            seconds = -seconds;
        }
        var hours = seconds / 3600;
        var minutes = seconds % 3600 / 60;
        var rest = seconds % 60;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }
        if (hours > 0 || minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }
        text.Append(rest.ToString(CultureInfo.InvariantCulture)).Append('s');
        return text.ToString();
    }
}
