using Odop.Store.Tests.Contract;

namespace Odop.Store.Tests;

public class InMemoryAccessStoreTests : AccessStoreContract
{
    protected override IAccessStore CreateStore() => AccessStores.InMemory();
}
