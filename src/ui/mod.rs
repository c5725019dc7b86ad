//! Drawing: panes, widgets, help, palette and themes.
