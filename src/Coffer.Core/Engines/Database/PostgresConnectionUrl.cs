using Npgsql;

namespace Coffer.Core.Engines.Database;

/// <summary>
/// Turns Vault's <c>connection_url</c> (a <c>postgres://</c> URL or a libpq <c>key=value</c> string, both with
/// <c>{{username}}</c>/<c>{{password}}</c> placeholders) into an Npgsql connection string. The credentials are put in
/// after parsing, so a password with <c>@</c>, <c>/</c> or spaces needs no escaping.
/// </summary>
public static class PostgresConnectionUrl
{
    public static NpgsqlConnectionStringBuilder Build(string url, string username, string password)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Timeout = 10,
            CommandTimeout = 30,
            IncludeErrorDetail = false,
        };
        var trimmed = url.Trim();
        if (trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            ParseUrl(trimmed[(trimmed.IndexOf("://", StringComparison.Ordinal) + 3)..], builder, username, password);
        }
        else
        {
            ParseKeyValue(trimmed, builder, username, password);
        }
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new FormatException("connection_url has no host");
        }
        return builder;
    }

    private static string Fill(string text, string username, string password) =>
        text.Replace("{{username}}", username, StringComparison.Ordinal).Replace("{{password}}", password, StringComparison.Ordinal);

    private static void ParseUrl(string rest, NpgsqlConnectionStringBuilder builder, string username, string password)
    {
        var query = "";
        var questionMark = rest.IndexOf('?', Math.Max(0, rest.LastIndexOf('@')));
        if (questionMark >= 0)
        {
            query = rest[(questionMark + 1)..];
            rest = rest[..questionMark];
        }
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            var user = colon >= 0 ? userInfo[..colon] : userInfo;
            builder.Username = Fill(Uri.UnescapeDataString(user), username, password);
            if (colon >= 0)
            {
                builder.Password = Fill(Uri.UnescapeDataString(userInfo[(colon + 1)..]), username, password);
            }
        }
        var slash = rest.IndexOf('/');
        var hostPort = slash >= 0 ? rest[..slash] : rest;
        if (slash >= 0 && slash + 1 < rest.Length)
        {
            builder.Database = Uri.UnescapeDataString(rest[(slash + 1)..]);
        }
        SetHostPort(builder, hostPort);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(equals >= 0 ? pair[..equals] : pair);
            var value = equals >= 0 ? Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' ')) : "";
            Apply(builder, key, Fill(value, username, password));
        }
    }

    private static void SetHostPort(NpgsqlConnectionStringBuilder builder, string hostPort)
    {
        if (hostPort.Length == 0)
        {
            return;
        }
        string host = hostPort;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            host = hostPort[1..close];
            if (close + 1 < hostPort.Length && hostPort[close + 1] == ':')
            {
                port = hostPort[(close + 2)..];
            }
        }
        else if (hostPort.LastIndexOf(':') is var colon and >= 0)
        {
            host = hostPort[..colon];
            port = hostPort[(colon + 1)..];
        }
        builder.Host = Uri.UnescapeDataString(host);
        if (port is not null)
        {
            builder.Port = int.TryParse(port, out var number) && number is > 0 and < 65536
                ? number
                : throw new FormatException("connection_url has an invalid port");
        }
    }

    /// <summary>libpq's <c>host=... port=... user=... password='...'</c> form; single quotes allow spaces.</summary>
    private static void ParseKeyValue(string text, NpgsqlConnectionStringBuilder builder, string username, string password)
    {
        var index = 0;
        while (index < text.Length)
        {
            while (index < text.Length && char.IsWhiteSpace(text[index])) index++;
            if (index >= text.Length) break;
            var equals = text.IndexOf('=', index);
            if (equals < 0)
            {
                throw new FormatException("connection_url is neither a postgres:// URL nor key=value pairs");
            }
            var key = text[index..equals].Trim();
            index = equals + 1;
            while (index < text.Length && text[index] == ' ') index++;
            var value = new global::System.Text.StringBuilder();
            if (index < text.Length && text[index] == '\'')
            {
                index++;
                while (index < text.Length && text[index] != '\'')
                {
                    if (text[index] == '\\' && index + 1 < text.Length) index++;
                    value.Append(text[index++]);
                }
                index++;
            }
            else
            {
                while (index < text.Length && !char.IsWhiteSpace(text[index]))
                {
                    value.Append(text[index++]);
                }
            }
            Apply(builder, key, Fill(value.ToString(), username, password));
        }
    }

    private static void Apply(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "host" or "hostaddr":
                builder.Host = value;
                break;
            case "port":
                builder.Port = int.TryParse(value, out var port) ? port : throw new FormatException("connection_url has an invalid port");
                break;
            case "user" or "username":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "dbname" or "database":
                builder.Database = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.TryParse(value, out var timeout) && timeout > 0 ? timeout : builder.Timeout;
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "sslmode":
                builder.SslMode = value.ToLowerInvariant() switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new FormatException("connection_url has an unknown sslmode"),
                };
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "sslcert":
                builder.SslCertificate = value;
                break;
            case "sslkey":
                builder.SslKey = value;
                break;
            default:
                // Other libpq options (search_path, timezone, ...) do not change how Coffer reaches the server.
                break;
        }
    }
}
