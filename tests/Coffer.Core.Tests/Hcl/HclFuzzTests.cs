using System.Text;
using Coffer.Core.Hcl;

namespace Coffer.Core.Tests.Hcl;

/// <summary>
/// Throws thousands of broken inputs at the parser: every outcome must be a parsed body or an
/// <see cref="HclException"/> with a sane position, within a time limit (so a hang fails the test).
/// </summary>
public class HclFuzzTests
{
    private const int Seed = 20240611;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    private static readonly string[] Samples =
    [
        """
        storage "sqlite" { path = "/var/lib/coffer/data.db" }
        listener "tcp" {
          address = "127.0.0.1:8200"   # comment
          tls_disable = true            // comment
        }
        /* block comment */
        ui = true
        max_lease_ttl = -0x10
        ratio = 1.5e-3
        telemetry { prometheus_retention_time = "30s" disable_hostname = true }
        path "secret/foo" {
          allowed_parameters = { "bar" = ["zip", "zap",], "*" = [] }
          escaped = "a\"b\\c\n\u00e9\U0001F600 ${var.x}"
        }
        description = <<EOT
        multi-line
        EOT
        indented = <<-EOT
            strips common indentation
            EOT
        nothing = null
        """,
        """
        {
          "storage": {"sqlite": {"path": "/tmp/x.db"}},
          "listener": [{"tcp": {"address": "127.0.0.1:8200", "tls_disable": true}}],
          "n": [-1.5e2, 0, null, false, {"k": "v\u00e9\n"}]
        }
        """,
    ];

    private static readonly string[] Fragments =
    [
        "a", "storage", "\"x\"", "\"\"", "=", "{", "}", "[", "]", ",", " ", "\n", "1", "-2", "0x1F", "1.5e3", "0755",
        "true", "null", "# c\n", "// c\n", "/*", "*/", "<<EOT\n", "<<-EOT\n", "EOT\n", "\"${", "\\u", "\\", "\"",
        ":", "@", "\t", "\r\n", "\u00e9", "\uD83D", "\0",
    ];

    [Fact]
    public async Task EveryInputEitherParsesOrRaisesHclException()
    {
        var inputs = BuildInputs(new Random(Seed));
        var outcome = new FuzzOutcome();

        var run = Task.Run(() =>
        {
            foreach (var input in inputs) outcome.Record(input);
        });

        var finished = await Task.WhenAny(run, Task.Delay(TimeLimit)) == run;
        Assert.True(finished, $"fuzzing did not finish within {TimeLimit}; last input: {outcome.LastInput}");
        await run;
        Assert.True(outcome.Failures.Count == 0, "unexpected outcomes:\n" + string.Join("\n", outcome.Failures.Take(10)));
        Assert.True(inputs.Count >= 3000, $"only {inputs.Count} inputs");
        // Both outcomes must actually occur, or the generator is not exercising the parser.
        Assert.InRange(outcome.Parsed, 100, inputs.Count - 100);
    }

    private static List<string> BuildInputs(Random random)
    {
        var inputs = new List<string>();
        foreach (var sample in Samples)
        {
            for (var length = 0; length <= sample.Length; length += 1 + random.Next(2)) inputs.Add(sample[..length]);
        }
        for (var i = 0; i < 1500; i++) inputs.Add(Mutate(Samples[random.Next(Samples.Length)], random));
        for (var i = 0; i < 800; i++) inputs.Add(JoinFragments(random));
        for (var i = 0; i < 300; i++) inputs.Add(RandomCharacters(random));
        return inputs;
    }

    private static string Mutate(string sample, Random random)
    {
        var text = new StringBuilder(sample);
        var edits = 1 + random.Next(4);
        for (var i = 0; i < edits && text.Length > 0; i++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(4))
            {
                case 0:
                    text.Remove(at, 1);
                    break;
                case 1:
                    text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2:
                    text[at] = (char)random.Next(32, 127);
                    break;
                default:
                    var length = Math.Min(random.Next(1, 20), text.Length - at);
                    text.Insert(random.Next(text.Length), text.ToString(at, length));
                    break;
            }
        }
        return text.ToString();
    }

    private static string JoinFragments(Random random)
    {
        var text = new StringBuilder();
        var count = random.Next(1, 40);
        for (var i = 0; i < count; i++) text.Append(Fragments[random.Next(Fragments.Length)]);
        return text.ToString();
    }

    private static string RandomCharacters(Random random)
    {
        var chars = new char[random.Next(0, 100)];
        for (var i = 0; i < chars.Length; i++) chars[i] = (char)random.Next(0, 0x3000);
        return new string(chars);
    }

    /// <returns>Null when the input parsed, or the HclException it raised; other exceptions propagate.</returns>
    private static HclException? Exercise(string input)
    {
        try
        {
            var body = HclParser.Parse(input, "fuzz.hcl");
            var names = body.Attributes.Select(a => a.Name).Concat(body.Blocks.Select(b => b.Type)).Distinct();
            foreach (var name in names)
            {
                for (var labels = 0; labels <= 2; labels++)
                {
                    try
                    {
                        body.GetBlocks(name, labels);
                    }
                    catch (HclException)
                    {
                        // A shape mismatch is a legitimate outcome for random documents.
                    }
                }
            }
            return null;
        }
        catch (HclException error)
        {
            return error;
        }
    }

    private sealed class FuzzOutcome
    {
        public List<string> Failures { get; } = [];

        public int Parsed { get; private set; }

        public string? LastInput { get; private set; }

        public void Record(string input)
        {
            LastInput = input;
            HclException? error;
            try
            {
                error = Exercise(input);
            }
            catch (Exception unexpected)
            {
                Failures.Add($"{Escape(input)} -> {unexpected.GetType().Name}: {unexpected.Message}");
                return;
            }
            if (error is null)
            {
                Parsed++;
                return;
            }
            var lines = input.Split('\n');
            var position = error.Position;
            // A position past the end of the input would point an operator at nothing.
            var inRange = position.File == "fuzz.hcl" && position.Line >= 1 && position.Line <= lines.Length
                && position.Column >= 1 && position.Column <= lines[position.Line - 1].Length + 1;
            if (!inRange) Failures.Add($"{Escape(input)} -> position out of range: {error.Message}");
        }
    }

    private static string Escape(string input) =>
        input.Length > 200 ? Escape(input[..200]) + "..." : input.Replace("\n", "\\n").Replace("\r", "\\r");
}
