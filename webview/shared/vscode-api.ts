/** Typed access to the webview API VS Code injects (acquireVsCodeApi may be called once). */

export interface WebviewApi<Out, State> {
  postMessage(message: Out): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
};

export function getVsCodeApi<Out, State>(): WebviewApi<Out, State> {
  const api = acquireVsCodeApi();
  return {
    postMessage: (m) => api.postMessage(m),
    getState: () => api.getState() as State | undefined,
    setState: (s) => api.setState(s),
  };
}
