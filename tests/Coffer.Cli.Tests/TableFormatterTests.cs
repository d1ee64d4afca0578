using Coffer.Cli.Output;

namespace Coffer.Cli.Tests;

public class TableFormatterTests
{
    [Fact]
    public void KeyValueTableHasUnderlinedHeadersAndFourSpaceGaps()
    {
        var table = TableFormatter.FormatKeyValues([("Sealed", "false"), ("Total Shares", "5")]);

        Assert.Equal(
            "Key             Value\n" +
            "---             -----\n" +
            "Sealed          false\n" +
            "Total Shares    5\n",
            table);
    }

    [Fact]
    public void EmptyCellsShowNotApplicableAndCellsAreTrimmed()
    {
        var table = TableFormatter.FormatKeyValues([("a", ""), ("b", "  padded  ")]);

        Assert.Equal("Key    Value\n---    -----\na      n/a\nb      padded\n", table);
    }

    [Fact]
    public void SingleColumnTableIsNotPadded()
    {
        var table = TableFormatter.Format(["Keys"], [["a"], ["bbbbbb/"]]);

        Assert.Equal("Keys\n----\na\nbbbbbb/\n", table);
    }
}
