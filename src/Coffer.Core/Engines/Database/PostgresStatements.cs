using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Engines.Database;

/// <summary>
/// SQL statement lists as roles and configs hold them: read from a request, filled in with <c>{{name}}</c>,
/// <c>{{password}}</c> and <c>{{expiration}}</c>, and split into single statements on the semicolons that end them.
/// </summary>
public static class PostgresStatements
{
    /// <summary>
    /// A statement field: a JSON list of strings or one string. Unlike Vault's comma lists a single string is kept
    /// whole, since SQL contains commas. Null when absent.
    /// </summary>
    public static List<string>? Read(JsonObject data, string name)
    {
        switch (data[name])
        {
            case null:
                return null;
            case JsonArray array:
                var list = new List<string>();
                foreach (var item in array)
                {
                    if (item is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                    {
                        throw CofferError.BadRequest($"error converting input for field \"{name}\": expected a list of strings");
                    }
                    var text = value.GetValue<string>();
                    if (text.Trim().Length > 0)
                    {
                        list.Add(text);
                    }
                }
                return list;
            case JsonValue single when single.GetValueKind() == JsonValueKind.String:
                var statement = single.GetValue<string>();
                return statement.Trim().Length > 0 ? [statement] : [];
            default:
                throw CofferError.BadRequest($"error converting input for field \"{name}\": expected a list of strings");
        }
    }

    /// <summary>The form PostgreSQL's <c>VALID UNTIL</c> takes, as Vault's plugin writes it.</summary>
    public static string FormatExpiration(DateTimeOffset expiration) =>
        expiration.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+0000";

    /// <summary>Replaces <c>{{key}}</c> (spaces inside the braces allowed) with its value; unknown keys stay as they are.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        var result = new StringBuilder(template.Length);
        var index = 0;
        while (index < template.Length)
        {
            var open = template.IndexOf("{{", index, StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }
            result.Append(template, index, open - index);
            var key = template[(open + 2)..close].Trim();
            if (values.TryGetValue(key, out var value))
            {
                result.Append(value);
            }
            else
            {
                result.Append(template, open, close + 2 - open);
            }
            index = close + 2;
        }
        result.Append(template, index, template.Length - index);
        return result.ToString();
    }

    /// <summary>
    /// Splits SQL into statements on semicolons outside quotes ('...', "..."), dollar-quoted bodies ($$...$$,
    /// $tag$...$tag$) and comments, so a <c>DO $$ ... ; ... $$</c> block stays one statement. Blank pieces are dropped.
    /// </summary>
    public static List<string> Split(string sql)
    {
        var statements = new List<string>();
        var start = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                i = SkipQuoted(sql, i, c);
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
            }
            else if (c == ';')
            {
                AddPiece(statements, sql[start..i]);
                start = ++i;
            }
            else
            {
                i++;
            }
        }
        AddPiece(statements, sql[start..]);
        return statements;
    }

    /// <summary>Every statement of every entry, rendered and split, in order.</summary>
    public static List<string> Prepare(IEnumerable<string> templates, IReadOnlyDictionary<string, string> values) =>
        templates.SelectMany(t => Split(Render(t, values))).ToList();

    private static void AddPiece(List<string> statements, string piece)
    {
        var trimmed = piece.Trim();
        if (trimmed.Length > 0)
        {
            statements.Add(trimmed);
        }
    }

    /// <summary>Past the closing quote; a doubled quote inside is an escaped one.</summary>
    private static int SkipQuoted(string sql, int open, char quote)
    {
        var i = open + 1;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.Length;
    }

    /// <summary><c>$$</c> or <c>$tag$</c> starting at <paramref name="i"/>, or null when the dollar is not a quote.</summary>
    private static string? DollarTag(string sql, int i)
    {
        var j = i + 1;
        while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_'))
        {
            j++;
        }
        if (j < sql.Length && sql[j] == '$' && (j == i + 1 || !char.IsDigit(sql[i + 1])))
        {
            return sql[i..(j + 1)];
        }
        return null;
    }

    /// <summary>Quotes an identifier for PostgreSQL: double quotes, inner ones doubled.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>Quotes a literal for PostgreSQL: single quotes, inner ones doubled.</summary>
    public static string QuoteLiteral(string text) => "'" + text.Replace("'", "''") + "'";
}
