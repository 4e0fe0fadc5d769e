namespace Atra.Modules.MarketData.Store;

internal enum AppendResult
{
    Appended,
    Duplicate,
    OutOfOrder,
}
