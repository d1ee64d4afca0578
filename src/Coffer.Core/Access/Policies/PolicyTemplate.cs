using System.Text;

namespace Coffer.Core.Access.Policies;

/// <summary>
/// <c>{{identity...}}</c> placeholders in block paths. They are checked when a policy is written and filled in when
/// an ACL is compiled for a caller; a block whose placeholders cannot all be filled does not apply at all, so an
/// unresolved template never widens access.
/// </summary>
internal static class PolicyTemplate
{
    private const string Open = "{{";
    private const string Close = "}}";

    public static bool Contains(string path) => path.Contains(Open, StringComparison.Ordinal);

    /// <exception cref="CofferError">400 for unclosed braces or an expression outside the identity namespace.</exception>
    public static void Validate(string path)
    {
        foreach (var expression in Expressions(path))
        {
            if (!IsKnownExpression(expression))
            {
                throw PolicyErrors.Invalid($"failed to validate policy templating: path \"{path}\": unknown template \"{expression}\"");
            }
        }
    }

    /// <param name="values">Maps an expression such as <c>identity.entity.id</c> to its value, or null when unknown.</param>
    /// <returns>The path with every placeholder replaced, or null when one of them has no value.</returns>
    public static string? Resolve(string path, Func<string, string?> values)
    {
        var result = new StringBuilder(path.Length);
        var position = 0;
        while (true)
        {
            var start = path.IndexOf(Open, position, StringComparison.Ordinal);
            if (start < 0) break;
            var end = path.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
            if (end < 0) return null;
            var value = values(path[(start + Open.Length)..end].Trim());
            if (string.IsNullOrEmpty(value)) return null;
            result.Append(path, position, start - position).Append(value);
            position = end + Close.Length;
        }
        return result.Append(path, position, path.Length - position).ToString();
    }

    private static IEnumerable<string> Expressions(string path)
    {
        var position = 0;
        while (true)
        {
            var start = path.IndexOf(Open, position, StringComparison.Ordinal);
            if (start < 0) yield break;
            var end = path.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                throw PolicyErrors.Invalid($"failed to validate policy templating: path \"{path}\": missing closing \"}}}}\"");
            }
            yield return path[(start + Open.Length)..end].Trim();
            position = end + Close.Length;
        }
    }

    /// <summary>The expression shapes Vault's ACL templating understands.</summary>
    private static bool IsKnownExpression(string expression)
    {
        var parts = expression.Split('.');
        if (parts.Length < 3 || parts[0] != "identity" || parts.Any(p => p.Length == 0)) return false;
        return parts[1] switch
        {
            "entity" => IsEntityExpression(parts[2..]),
            "groups" => IsGroupExpression(parts[2..]),
            _ => false,
        };
    }

    private static bool IsEntityExpression(string[] parts) => parts switch
    {
        ["id"] or ["name"] => true,
        ["metadata", _] => true,
        ["aliases", _, "id" or "name"] => true,
        ["aliases", _, "metadata" or "custom_metadata", _] => true,
        _ => false,
    };

    private static bool IsGroupExpression(string[] parts) => parts switch
    {
        ["ids", _, "name"] or ["ids", _, "metadata", _] => true,
        ["names", _, "id"] or ["names", _, "metadata", _] => true,
        _ => false,
    };
}
