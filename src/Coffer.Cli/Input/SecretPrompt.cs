using System.Text;

namespace Coffer.Cli.Input;

/// <summary>
/// Asks for a secret (an unseal key). At a terminal the typed characters are not echoed; when stdin is a
/// pipe one line is read from it, so scripts and tests can supply the value. The prompt goes to stderr to
/// keep stdout for results.
/// </summary>
internal static class SecretPrompt
{
    /// <returns>The entered text, or null when stdin is already at its end.</returns>
    public static string? Ask(CliContext context, string prompt)
    {
        context.Err.Write(prompt);
        context.Err.Flush();
        var value = context.Terminal.StdinIsTerminal ? ReadHiddenFromConsole() : context.In.ReadLine();
        context.Err.WriteLine();
        return value;
    }

    private static string ReadHiddenFromConsole()
    {
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                return typed.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                {
                    typed.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }
}
