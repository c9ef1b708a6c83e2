using System.Text;
using Odop.Core.Profiles;
using Odop.Scheduling.Tasks;

namespace Odop.Scheduling.Admission;

/// <summary>
/// Measurement integrity between side tasks, judged against the tasks held now (running or paused:
/// a paused task comes back on the same node, so it still counts):
/// <list type="bullet">
/// <item>exclusive: starts only while no other non-background side task is held;</item>
/// <item>normal: does not start while an exclusive one is held;</item>
/// <item>background: ignores both rules.</item>
/// </list>
/// Every policy applies it, to forced starts too: a user's "run it now" bypasses the prediction, not
/// another task's guarantee. O(1) and allocation-free; only <see cref="Explain"/> allocates.
/// </summary>
internal static class ClassRule
{
    public const string Name = "class";

    public static bool Admits(ExecutionClass requested, TaskBook book) => requested switch
    {
        ExecutionClass.Background => true,
        ExecutionClass.Exclusive => book.NonBackgroundCount == 0,
        _ => book.ExclusiveCount == 0,
    };

    /// <summary>Why a request of class <paramref name="requested"/> waits; call only after <see cref="Admits"/> refused.</summary>
    public static string Explain(ExecutionClass requested, TaskBook book)
    {
        if (requested == ExecutionClass.Exclusive)
        {
            var others = Held(book, t => t.Class != ExecutionClass.Background);
            return $"an exclusive execution waits until no other non-background side task runs; {others}";
        }
        var exclusive = book.InOrder.FirstOrDefault(t => t.Class == ExecutionClass.Exclusive);
        return exclusive is null
            ? "an exclusive execution is running"
            : $"exclusive execution {exclusive.Id} is {(exclusive.Paused ? "paused" : "running")}";
    }

    private static string Held(TaskBook book, Func<SideTask, bool> which)
    {
        var ids = book.InOrder.Where(which).Select(t => t.Id).ToList();
        var text = new StringBuilder($"{ids.Count} held ({string.Join(", ", ids.Take(3))}");
        if (ids.Count > 3) text.Append(", …");
        return text.Append(')').ToString();
    }
}
