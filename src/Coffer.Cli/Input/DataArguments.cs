using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Cli.Input;

/// <summary>
/// Turns vault-style data arguments into a JSON object:
/// <list type="bullet">
/// <item><c>key=value</c> — a string value; repeating a key collects its values into an array.</item>
/// <item><c>key=@file</c> — the file's contents, verbatim; <c>key=\@x</c> is the literal <c>@x</c>.</item>
/// <item><c>key=-</c> — all of stdin, verbatim.</item>
/// <item><c>-</c> — a JSON object read from stdin, merged in.</item>
/// <item><c>@file</c> — a JSON object read from the file, merged in.</item>
/// </list>
/// Stdin can be consumed once per command.
/// </summary>
internal sealed class DataArguments
{
    private readonly TextReader _stdin;
    private readonly JsonObject _result = [];
    private bool _stdinConsumed;

    private DataArguments(TextReader stdin)
    {
        _stdin = stdin;
    }

    /// <exception cref="DataArgumentException">An argument is malformed or its source cannot be read.</exception>
    public static JsonObject Parse(IEnumerable<string> args, TextReader stdin)
    {
        var parser = new DataArguments(stdin);
        foreach (var arg in args)
        {
            parser.Add(arg);
        }

        return parser._result;
    }

    /// <summary>
    /// The same arguments as query parameters (used by read and delete): array values become repeated
    /// parameters, other non-string values their JSON text.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToQuery(JsonObject data)
    {
        var query = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in data)
        {
            var values = value is JsonArray array ? array.AsEnumerable() : [value];
            query.AddRange(values.Select(v => KeyValuePair.Create(key, QueryText(v))));
        }

        return query;
    }

    /// <summary>
    /// The same arguments as a string map, for consumers that take only strings (login configuration, audit
    /// device options). Numbers and booleans become their text; a repeated key or a nested value cannot be
    /// a single string and is rejected.
    /// </summary>
    /// <exception cref="DataArgumentException">A value is an array or an object.</exception>
    public static IReadOnlyDictionary<string, string> ToStringMap(JsonObject data)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in data)
        {
            map[key] = value switch
            {
                null => "",
                JsonValue scalar => QueryText(scalar),
                _ => throw new DataArgumentException($"failed to convert values to strings: \"{key}\" is not a single value"),
            };
        }

        return map;
    }

    private static string QueryText(JsonNode? value) =>
        value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String
            ? scalar.GetValue<string>()
            : value?.ToJsonString() ?? "";

    private void Add(string arg)
    {
        if (arg.Length == 0)
        {
            return;
        }

        var equals = arg.IndexOf('=');
        if (equals < 0)
        {
            if (arg == "-")
            {
                MergeJsonObject(ReadAllStdin(), "stdin");
                return;
            }

            if (arg[0] == '@')
            {
                MergeJsonObject(ReadFile(arg[1..]), arg[1..]);
                return;
            }

            throw new DataArgumentException($"format must be key=value, got \"{arg}\"");
        }

        var key = arg[..equals];
        var value = ResolveValue(arg[(equals + 1)..]);
        AddValue(key, value);
    }

    private string ResolveValue(string value)
    {
        if (value.StartsWith('@'))
        {
            return ReadFile(value[1..]);
        }

        if (value.StartsWith("\\@", StringComparison.Ordinal))
        {
            return value[1..];
        }

        return value == "-" ? ReadAllStdin() : value;
    }

    private void AddValue(string key, string value)
    {
        if (!_result.TryGetPropertyValue(key, out var existing))
        {
            _result[key] = value;
            return;
        }

        if (existing is JsonArray array)
        {
            array.Add(value);
        }
        else
        {
            _result[key] = new JsonArray(existing?.DeepClone(), value);
        }
    }

    private void MergeJsonObject(string json, string source)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(json);
        }
        catch (JsonException error)
        {
            throw new DataArgumentException($"invalid JSON in {source}: {error.Message}", error);
        }

        if (parsed is not JsonObject obj)
        {
            throw new DataArgumentException($"{source} must contain a JSON object");
        }

        foreach (var (key, value) in obj.ToList())
        {
            _result[key] = value?.DeepClone();
        }
    }

    private string ReadAllStdin()
    {
        if (_stdinConsumed)
        {
            throw new DataArgumentException("stdin already consumed");
        }

        _stdinConsumed = true;
        return _stdin.ReadToEnd();
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new DataArgumentException($"error reading file: {error.Message}", error);
        }
    }
}
