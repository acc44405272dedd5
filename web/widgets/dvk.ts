// Placeholder entry replaced by the widget implementation.
export {};
