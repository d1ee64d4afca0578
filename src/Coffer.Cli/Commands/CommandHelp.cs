using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands;

/// <param name="Usage">The usage line after "Usage: ", e.g. "coffer read [options] PATH".</param>
/// <param name="Description">What the command does, as a paragraph (wrapped when printed).</param>
internal sealed record CommandHelp(string Usage, string Description)
{
    public string Render(FlagSet flags)
    {
        var text = $"Usage: {Usage}\n\n{Output.TextWrap.WrapToString(Description, Output.TextWrap.DefaultWidth, indent: 2)}\n";
        return flags.Flags.Count == 0 ? text : text + "\nOptions:\n\n" + flags.Describe();
    }
}
