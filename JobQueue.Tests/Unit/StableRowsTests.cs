using JobQueue.Dashboard.Components;

namespace JobQueue.Tests.Unit;

public class StableRowsTests
{
    private sealed record Item(int Id, string Value);

    [Fact]
    public void Update_SameKeyReadAgain_KeepsItsRowWithTheNewItem()
    {
        var rows = new StableRows<int, Item>(i => i.Id);
        var first = rows.Update([new Item(1, "a"), new Item(2, "b")]);
        var second = rows.Update([new Item(2, "b2"), new Item(1, "a2")]);

        second.Select(r => r.Item.Value).ShouldBe(["b2", "a2"], "the new read's order and items");
        second[1].ShouldBeSameAs(first[0], "a row is the same instance for the same key, so the table keeps its elements");
        second[0].ShouldBeSameAs(first[1]);
    }

    [Fact]
    public void Update_KeyGoneAndBack_IsANewRow()
    {
        var rows = new StableRows<int, Item>(i => i.Id);
        var first = rows.Update([new Item(1, "a")]);
        rows.Update([]).ShouldBeEmpty();
        rows.Update([new Item(1, "a")])[0].ShouldNotBeSameAs(first[0], "a row that left is forgotten");
    }

    [Fact]
    public void Update_KeyTwiceInOneRead_TakesTheFirst()
    {
        var rows = new StableRows<int, Item>(i => i.Id);
        rows.Update([new Item(1, "a"), new Item(1, "b")]).Select(r => r.Item.Value).ShouldBe(["a"]);
    }
}
