"""What every surface of the window shares: the theme and its colours, the settings file, the undo
step, small dialogs (the annotator's name, a note, the shortcut sheet) and the memory of reading places.

Imports nothing else of the GUI: every other subpackage may import it.
"""
