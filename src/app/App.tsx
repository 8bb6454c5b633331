export function App() {
  return (
    <>
      <header className="app-header">
        <h1>DuckPond Web</h1>
      </header>
      <main className="app-main">
        <p>
          A versioned, transactional file system kept in your browser: every change is an append-only log
          entry, and dynamic nodes are produced by factories from YAML configurations.
        </p>
      </main>
    </>
  );
}
