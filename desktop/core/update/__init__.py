"""Offline update by USB stick: signed update packages (.qfupd), their checks, and applying one with rollback.

package.py builds and verifies packages; keys.py holds the trusted release keys; apply.py installs a verified
package next to the running program, checks that the new version starts and migrates the data, then swaps it in
(or puts everything back).
"""
