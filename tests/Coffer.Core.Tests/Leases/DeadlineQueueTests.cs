namespace Coffer.Core.Tests.Leases;

public sealed class DeadlineQueueTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TakeDueReturnsOnlyWhatIsDueEarliestFirst()
    {
        var queue = new DeadlineQueue<string>();
        queue.Add("late", Start.AddSeconds(30));
        queue.Add("second", Start.AddSeconds(10));
        queue.Add("first", Start.AddSeconds(5));
        queue.Add("exact", Start.AddSeconds(20));

        Assert.Empty(queue.TakeDue(Start));
        Assert.Equal(["first", "second", "exact"], queue.TakeDue(Start.AddSeconds(20)));
        Assert.Equal(1, queue.Count);
        Assert.Equal(["late"], queue.TakeDue(Start.AddDays(1)));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void ARescheduleIsAnotherItem()
    {
        var queue = new DeadlineQueue<string>();
        queue.Add("lease", Start.AddSeconds(10));
        queue.Add("lease", Start.AddSeconds(60));

        Assert.Equal(["lease"], queue.TakeDue(Start.AddSeconds(10)));
        Assert.Equal(["lease"], queue.TakeDue(Start.AddSeconds(60)));
    }
}
