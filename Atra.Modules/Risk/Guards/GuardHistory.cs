namespace Atra.Modules.Risk.Guards;

/// <summary>What the guards judge by: closed signals in exit order and the signals open now.</summary>
internal sealed class GuardHistory
{
    private readonly Dictionary<string, int> _openBySymbol = new(StringComparer.Ordinal);

    public List<ClosedSignalRecord> Closed { get; } = [];

    public int OpenCount { get; private set; }

    public int OpenFor(string symbol) => _openBySymbol.GetValueOrDefault(symbol);

    public void Opened(string symbol)
    {
        OpenCount++;
        _openBySymbol[symbol] = OpenFor(symbol) + 1;
    }

    public void Closing(ClosedSignalRecord record)
    {
        if (OpenFor(record.Symbol) > 0)
        {
            OpenCount--;
            _openBySymbol[record.Symbol] = OpenFor(record.Symbol) - 1;
        }
        Closed.Add(record);
    }
}
