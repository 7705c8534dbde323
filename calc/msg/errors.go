package msg

import (
	"errors"
	"io/fs"
	"syscall"
)

// texter is an error that says what is wrong in both languages.
type texter interface{ Text() Text }

// systemReasons are the Chinese wordings of the operating system's errors
// a clerk meets: a file missing, no permission, a full disk.
var systemReasons = []struct {
	err error
	zh  string
}{
	{fs.ErrNotExist, "文件或文件夹不存在"},
	{fs.ErrPermission, "没有访问权限"},
	{fs.ErrExist, "已存在"},
	{syscall.ENOSPC, "磁盘空间不足"},
	{syscall.EROFS, "只读的文件系统"},
	{syscall.ENOTDIR, "路径中的一部分不是文件夹"},
	{syscall.EISDIR, "这是一个文件夹"},
	{syscall.EMFILE, "打开的文件太多"},
}

// ErrorIn is err's message in lang: the error's own Chinese wording when
// it has one (a Text method), the operating system's errors in Chinese
// (the path of an *fs.PathError kept), else err.Error().
func ErrorIn(err error, lang string) string {
	var t texter
	if errors.As(err, &t) {
		return t.Text().In(lang)
	}
	if lang == "en" {
		return err.Error()
	}
	for _, r := range systemReasons {
		if errors.Is(err, r.err) {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return pe.Path + "：" + r.zh
			}
			return r.zh
		}
	}
	return err.Error()
}

// Error is an error told in both languages.
type Error struct{ Msg Text }

// Err returns t as an error.
func Err(t Text) error { return &Error{Msg: t} }

// Error is the problem in English.
func (e *Error) Error() string { return e.Msg.En }

// Text is the problem in both languages.
func (e *Error) Text() Text { return e.Msg }
