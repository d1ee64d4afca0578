using System.Text;

namespace Coffer.Cli.Policies;

/// <summary>Reading the value of quoted HCL strings.</summary>
internal static class PolicyStrings
{
    /// <summary>The text of a string token without quotes and with escapes resolved; other tokens as they are.</summary>
    public static string Unquote(PolicyToken token)
    {
        if (token.Kind != PolicyTokenKind.String)
        {
            return token.Text;
        }

        var inner = token.Text[1..^1];
        var text = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] != '\\' || i + 1 >= inner.Length)
            {
                text.Append(inner[i]);
                continue;
            }

            i++;
            text.Append(inner[i] switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                _ => inner[i],
            });
        }

        return text.ToString();
    }
}
